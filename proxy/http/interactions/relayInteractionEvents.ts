import type { Response } from 'express';
import type { OpenedCall } from '../../dispatch/failover.js';
import { resumedInteraction, type InteractionView } from '../../resume/interactions/resumedInteraction.js';
import { SseDecoder } from '../../upstream/sseDecoder.js';
import type { InteractionEventWire, InteractionWire } from '../../upstream/interactions/interactionWire.js';
import { writeWithBackpressure } from '../responseWriter.js';

/**
 * An interaction's events as a GET streams them (`?stream=true`, after `last_event_id`), relayed as
 * they come, each written `event: <event_type>` / `data: <json>`, and renamed as the client knows the
 * interaction: its id where Google names the interaction holding the turn, the previous turn the
 * client sent. Resolves with the interaction of `interaction.completed`, if it came.
 */
export async function relayInteractionEvents(
  res: Response,
  opened: OpenedCall,
  view: InteractionView,
  upstreamId: string,
): Promise<InteractionWire | undefined> {
  res.status(200);
  res.setHeader('content-type', 'text/event-stream');
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('x-gemgate-key-id', opened.lease.keyId);
  res.flushHeaders();
  const decoder = new SseDecoder();
  let completed: InteractionWire | undefined;
  const encode = (payloads: string[]): string => {
    let out = '';
    for (const payload of payloads) {
      if (payload.trim() === '[DONE]') {
        out += 'event: done\ndata: [DONE]\n\n';
        continue;
      }
      let event: InteractionEventWire;
      try {
        event = JSON.parse(payload) as InteractionEventWire;
      } catch {
        continue;
      }
      const renamed = renamedEvent(event, view, upstreamId);
      if (renamed.event_type === 'interaction.completed') completed = renamed.interaction;
      out += `event: ${renamed.event_type ?? 'message'}\ndata: ${renamed === event ? payload : JSON.stringify(renamed)}\n\n`;
    }
    return out;
  };
  try {
    for await (const chunk of opened.response.body) {
      const out = encode(decoder.push(chunk as Uint8Array));
      if (out && !(await writeWithBackpressure(res, out))) {
        opened.response.body.destroy();
        return completed;
      }
    }
    const out = encode(decoder.end().events);
    if (out) res.write(out);
    res.end();
  } catch {
    // Google's stream broke: so does the client's, as it would have without gemgate.
    res.destroy();
  }
  return completed;
}

function renamedEvent(
  event: InteractionEventWire,
  view: InteractionView,
  upstreamId: string,
): InteractionEventWire {
  let out = event;
  if (event.interaction) {
    const interaction = resumedInteraction(event.interaction, view);
    if (JSON.stringify(interaction) !== JSON.stringify(event.interaction)) out = { ...out, interaction };
  }
  if (event.interaction_id === upstreamId && upstreamId !== view.id)
    out = { ...out, interaction_id: view.id };
  return out;
}
