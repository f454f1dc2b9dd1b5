/**
 * A token count estimate for text Gemini did not count for us: batchEmbedContents reports no usage,
 * yet OpenAI clients expect `usage.prompt_tokens` and gemgate records usage per request.
 *
 * Rule of thumb from Google's token guide (https://ai.google.dev/gemini-api/docs/tokens: "a token is
 * about 4 characters"), with one correction that matters for our users: Chinese, Japanese and Korean
 * characters are about a token each, so counting them as a quarter would under-report CJK text by 4x.
 * Exact numbers would cost a countTokens call per request; an estimate is enough for a usage chart.
 */
export function estimateTokens(text: string): number {
  let cjk = 0;
  let other = 0;
  for (const char of text) {
    if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(char)) cjk++;
    else other++;
  }
  return cjk + Math.ceil(other / 4);
}
