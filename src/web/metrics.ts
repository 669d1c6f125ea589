import type { Chat } from "../chat/index.ts";
import type { ArrivalTurns } from "../connections/arrival-turns.ts";
import type { WebSessions } from "./web-sessions.ts";

type Metric = { name: string; type: "counter" | "gauge"; help: string; samples: [labels: string, value: number][] };

/** The chat's and the web transport's numbers in Prometheus text format (version 0.0.4). */
export function renderMetrics(chat: Chat, sessions: WebSessions, arrivals: ArrivalTurns): string {
  const byTransport = chat.countByTransport();
  const metrics: Metric[] = [
    {
      name: "switchboard_members",
      type: "gauge",
      help: "Members connected now, by transport.",
      samples: [
        ['{transport="telnet"}', byTransport.telnet],
        ['{transport="ssh"}', byTransport.ssh],
        ['{transport="web"}', byTransport.web],
        ['{transport="irc"}', byTransport.irc],
      ],
    },
    { name: "switchboard_messages_total", type: "counter", help: "Messages sent (public, /me and private).", samples: [["", chat.stats.messages]] },
    { name: "switchboard_joins_total", type: "counter", help: "Members who joined.", samples: [["", chat.stats.joins]] },
    { name: "switchboard_leaves_total", type: "counter", help: "Members who left.", samples: [["", chat.stats.leaves]] },
    { name: "switchboard_refused_joins_total", type: "counter", help: "Clients refused because the server was full.", samples: [["", chat.admission.refusedFull]] },
    { name: "switchboard_seats", type: "gauge", help: "Clients let in: members, and connections still choosing a nickname.", samples: [["", chat.admission.seats]] },
    { name: "switchboard_sse_streams", type: "gauge", help: "Open SSE streams.", samples: [["", sessions.openStreams]] },
    { name: "switchboard_sse_streams_opened_total", type: "counter", help: "SSE streams opened.", samples: [["", sessions.stats.streamsOpened]] },
    { name: "switchboard_sse_streams_lagging_total", type: "counter", help: "SSE streams cut off for falling too far behind.", samples: [["", sessions.stats.streamsLagging]] },
    { name: "switchboard_arrivals_waiting", type: "gauge", help: "Pages, joins, streams and terminal greetings waiting for their turn (a storm of arrivals).", samples: [["", arrivals.waiting]] },
    { name: "switchboard_history_writable", type: "gauge", help: "1 while the history can be written; 0 while messages are refused for it.", samples: [["", chat.historyWritable ? 1 : 0]] },
    { name: "switchboard_last_event_id", type: "gauge", help: "Id of the newest recorded event.", samples: [["", chat.lastEventId]] },
    ...sharedMetrics(chat),
  ];
  return metrics
    .map(({ name, type, help, samples }) =>
      [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples.map(([labels, value]) => `${name}${labels} ${value}`)].join("\n"),
    )
    .join("\n")
    .concat("\n");
}

/** With a shared backend: which instance this is, and its link to Redis. */
function sharedMetrics(chat: Chat): Metric[] {
  const { instance, link } = chat.backend;
  if (!link) return [];
  const label = `{instance="${instance.replace(/["\\\n]/g, "_")}"}`;
  return [
    { name: "switchboard_instance_info", type: "gauge", help: "This instance's name, as `who` shows it elsewhere.", samples: [[label, 1]] },
    { name: "switchboard_redis_up", type: "gauge", help: "1 while the link to Redis works; 0 while the chat is paused for it.", samples: [[label, link.up ? 1 : 0]] },
    { name: "switchboard_redis_link_changed_seconds", type: "gauge", help: "When the link to Redis last went up or down (Unix time).", samples: [[label, Math.floor(link.since / 1000)]] },
    { name: "switchboard_remote_members", type: "gauge", help: "Members connected to other instances.", samples: [[label, chat.remoteCount]] },
    { name: "switchboard_handovers_total", type: "counter", help: "Members moved here from another instance, their page's stream having reached this one.", samples: [[label, chat.stats.handovers]] },
  ];
}
