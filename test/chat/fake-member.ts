/**
 * The domain's test harness lives in `chat-harness.ts`; tests of the transports
 * (`test/web/`, `test/telnet/`, `test/browser/`) still import it by this name.
 */
export { FakeSink, immediate, tryJoin } from "./chat-harness.ts";
