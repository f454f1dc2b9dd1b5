/**
 * The request headers of the Files API's upload protocol, as `@google/genai` sends them
 * (src/_uploader.ts of googleapis/js-genai): relayed to Gemini (uploadRelay.ts), and allowed from
 * the browser pages the user lists (cors.ts).
 */
export const UPLOAD_REQUEST_HEADERS = [
  'x-goog-upload-protocol',
  'x-goog-upload-command',
  'x-goog-upload-offset',
  'x-goog-upload-header-content-length',
  'x-goog-upload-header-content-type',
  'x-goog-upload-file-name',
];
