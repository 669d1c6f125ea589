import type { ModerationEvent, TopicEvent } from "../events.ts";
import { describeDuration } from "./duration.ts";

/**
 * A moderation event as one line of plain text, the same on every transport: `bob kicked
 * troll: flooding`, `the console banned 203.0.113.9 for 1 day`.
 */
export function describeModeration(event: ModerationEvent): string {
  const { by, target } = event;
  const lasting = event.until === undefined ? "" : ` for ${describeDuration(event.until - event.at)}`;
  const why = event.reason ? `: ${event.reason}` : "";
  switch (event.action) {
    case "kick":
      return `${by} kicked ${target}${why}`;
    case "ban":
      return `${by} banned ${target}${event.address ? ` (and ${event.address})` : ""}${lasting}${why}`;
    case "unban":
      return `${by} lifted the ban on ${target}`;
    case "mute":
      return `${by} muted ${target}${lasting}${why}: they can read but not send`;
    case "unmute":
      return `${by} unmuted ${target}`;
    case "op":
      return `${by} made ${target} an operator`;
    case "deop":
      return `${by} took operator rights from ${target}`;
  }
}

/** `bob set the topic: Release on Friday`, or `bob cleared the topic`. */
export function describeTopic(event: TopicEvent): string {
  return event.topic ? `${event.by} set the topic: ${event.topic}` : `${event.by} cleared the topic`;
}
