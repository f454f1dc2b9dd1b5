import type { FunctionDeclaration, Tool, ToolConfig } from '../../gemini/types.js';
import { normaliseModelName } from '../../models/modelTraits.js';

/**
 * Whether a model takes Gemini's `googleSearch` tool (Grounding with Google Search), which is what a
 * Responses `web_search` tool and an Anthropic `web_search_*` server tool become. From Google's list of supported models
 * (https://ai.google.dev/gemini-api/docs/google-search , "Supported models") and the model pages
 * (https://ai.google.dev/gemini-api/docs/models):
 *
 * | model                                                        | googleSearch                     |
 * |--------------------------------------------------------------|----------------------------------|
 * | Gemini 3 (Pro, Flash, Flash-Lite), Gemini 3 Pro Image        | yes                              |
 * | Gemini 2.5 Pro, Flash, Flash-Lite; the `-latest` aliases     | yes                              |
 * | Gemini 2.0 Flash                                             | yes                              |
 * | Gemini 2.0 Flash-Lite, 2.5 Flash Image, TTS models           | no                               |
 * | Gemini 1.5                                                   | no (only the retired `googleSearchRetrieval`) |
 * | Gemma, embedding models, anything else                       | no                               |
 */
export function supportsGoogleSearch(model: string): boolean {
  const name = normaliseModelName(model).toLowerCase();
  if (/-tts\b|embedding|^gemma/.test(name)) return false;
  if (/^gemini-(flash|flash-lite|pro)-latest$/.test(name)) return true;
  const version = /^gemini-(\d+)(?:\.(\d+))?/.exec(name);
  if (!version) return false;
  const major = Number(version[1]);
  const minor = Number(version[2] ?? 0);
  if (major >= 3) return true;
  if (major !== 2) return false;
  if (/-image\b/.test(name)) return false;
  if (minor === 0 && name.includes('flash-lite')) return false;
  return true;
}

/**
 * Whether a model takes `googleSearch` beside `functionDeclarations` in one generateContent request.
 * Google documents the combination ("Combine built-in tools and function calling",
 * https://ai.google.dev/gemini-api/docs/tool-combination , as read on 2026-12-07: every example a
 * Gemini 3 model, with `toolConfig.includeServerSideToolInvocations: true`). What the others answer
 * was measured model by model by prism-php/prism (issue #972, 2026) and earlier gateways
 * (snailyp/gemini-balance#17, 2025-03-21; lobehub/lobehub#7463, 2025-04-18):
 *
 * | model                                              | search beside functions                       |
 * |----------------------------------------------------|-----------------------------------------------|
 * | Gemini 3 (Pro, Flash, Flash-Lite), `gemini-pro-latest`, | yes, with includeServerSideToolInvocations; |
 * | `gemini-flash-latest` (aliases of Gemini 3)        | without it: 400 "Please enable                |
 * |                                                    | tool_config.include_server_side_tool_invocations" |
 * | Gemini 2.5 and older, `gemini-flash-lite-latest`   | no: 400 "Tool use with function calling is    |
 * |                                                    | unsupported"; with the flag: 400 "Tool call   |
 * |                                                    | context circulation is not enabled for models/…" |
 */
export function combinesSearchWithFunctions(model: string): boolean {
  const name = normaliseModelName(model).toLowerCase();
  if (/^gemini-(flash|pro)-latest$/.test(name)) return true;
  const version = /^gemini-(\d+)/.exec(name);
  return version !== null && Number(version[1]) >= 3 && supportsGoogleSearch(name);
}

/** A request's tools as Gemini gets them. */
export interface GeminiTools {
  tools?: Tool[];
  toolConfig?: ToolConfig;
  /** Tools of the request left out because the model cannot have them together (the route says so in a header). */
  dropped?: Array<'web_search'>;
}

/** What a request asks of the tools, in any dialect. */
export interface AskedTools {
  /** Its functions, declared. */
  declarations: FunctionDeclaration[];
  /** Whether it has a web search tool (already checked against supportsGoogleSearch). */
  search: boolean;
  /** Whether its tool choice is "none" (Responses `'none'`, Anthropic `{type:'none'}`). */
  choiceIsNone: boolean;
  /** Its tool choice as Gemini's functionCallingConfig, if any. */
  toolConfig: ToolConfig | undefined;
}

/**
 * A request's functions and web search -> Gemini `tools` and `toolConfig`, decided here for every
 * dialect (Responses: toResponsesTools.ts; Anthropic Messages: ../anthropic/toGeminiTools.ts):
 *
 * | search | tool choice | functions | model                         | sent                                         |
 * |--------|-------------|-----------|-------------------------------|----------------------------------------------|
 * | no     | any         | any       | any                           | the functions, the tool config as given      |
 * | yes    | none        | any       | any                           | the functions only: Gemini grounds on its own whenever the tool is there |
 * | yes    | other       | none      | one that grounds              | `{googleSearch: {}}`                         |
 * | yes    | other       | some      | combinesSearchWithFunctions   | functions, then `{googleSearch: {}}`, and `toolConfig.includeServerSideToolInvocations: true` |
 * | yes    | other       | some      | the others (400 on the pair)  | the functions only; `dropped: ['web_search']` |
 *
 * Functions win over search: an agent's own tools are what it cannot do without (Codex always adds
 * web_search; Cherry Studio adds it beside its MCP tools).
 */
export function withGoogleSearch(model: string, asked: AskedTools): GeminiTools {
  const { declarations } = asked;
  const search = asked.search && !asked.choiceIsNone;
  const beside = search && declarations.length > 0;
  const dropped = beside && !combinesSearchWithFunctions(model);
  const tools: Tool[] = [];
  if (declarations.length > 0) tools.push({ functionDeclarations: declarations });
  if (search && !dropped) tools.push({ googleSearch: {} });
  const toolConfig =
    beside && !dropped ? { ...asked.toolConfig, includeServerSideToolInvocations: true } : asked.toolConfig;
  const out: GeminiTools = {};
  if (tools.length > 0) out.tools = tools;
  if (toolConfig) out.toolConfig = toolConfig;
  if (dropped) out.dropped = ['web_search'];
  return out;
}
