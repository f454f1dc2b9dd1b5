/**
 * OpenAI's image and speech endpoints <-> Google's image and speech models: pure functions the
 * routes call, in this order.
 *
 * Images:  parseImageRequest | parseImageEditForm -> toImagenPredict (Imagen, per call of up to 4)
 *          or toImageGenerateContent (Gemini image models, one call per image) -> upstream ->
 *          fromImagenPredict | fromImageGenerateContent -> toImagesResponse
 * Speech:  parseSpeechRequest -> toSpeechGenerateContent -> upstream -> toSpeechAudio (wav or pcm)
 * Errors:  InputError (a 400 naming the field); AnswerWithoutMedia (502) when Google answered without the media.
 */
export { imageModelOf, isGeminiImageModel, type ImageModel, type ImageFamily } from './imageModel.js';
export { parseImageRequest, type ImageRequest } from './parseImageRequest.js';
export { parseImageEditForm, type EditForm, MAX_EDIT_IMAGE_BYTES } from './parseImageEditForm.js';
export { toImagenPredict, type ImagenPredictRequest } from './toImagenPredict.js';
export { fromImagenPredict, type ImagenPredictResponse, type ImagesOfAnswer } from './fromImagenPredict.js';
export { toImageGenerateContent } from './toImageGenerateContent.js';
export { fromImageGenerateContent } from './fromImageGenerateContent.js';
export { toImagesResponse, type ImagesResponse } from './toImagesResponse.js';
export { parseSpeechRequest, isTtsModel, type SpeechRequest } from './parseSpeechRequest.js';
export { toSpeechGenerateContent } from './toSpeechGenerateContent.js';
export { toSpeechAudio, type SpeechAudio, type SpeechFormat } from './speechAudio.js';
