import type { ResponsesRequest } from './responsesRequestSchema.js';

/** A function of a namespace tool: its namespace and its own name. */
export interface NamespacedFunction {
  namespace: string;
  name: string;
}

/**
 * The name Gemini knows a function by: `namespace.name` for a function of a namespace tool (Codex's
 * `multi_agent_v1.close_agent`), the name itself otherwise. toResponsesTools.ts refuses a request in
 * which two functions would end up with one name, so the mapping back is never ambiguous.
 *
 * | Responses                                          | Gemini                         |
 * |----------------------------------------------------|--------------------------------|
 * | `{type:'function', name:'f'}`                      | `f`                            |
 * | `{type:'namespace', name:'ns', tools:[{name:'f'}]}` | `ns.f`                         |
 * | `function_call` item `{name:'f', namespace:'ns'}`  | a `functionCall` named `ns.f`  |
 */
export function qualifiedName(namespace: string | null | undefined, name: string): string {
  return namespace ? `${namespace}.${name}` : name;
}

/** Gemini's name of each function declared inside a namespace tool -> its namespace and own name. */
export function namespacedFunctions(tools: ResponsesRequest['tools']): Map<string, NamespacedFunction> {
  const found = new Map<string, NamespacedFunction>();
  for (const tool of tools ?? []) {
    if (tool.type !== 'namespace') continue;
    for (const inner of tool.tools) {
      if (inner.type === 'function') {
        found.set(qualifiedName(tool.name, inner.name), { namespace: tool.name, name: inner.name });
      }
    }
  }
  return found;
}
