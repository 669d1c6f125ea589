import { setDefaultTimeout } from "bun:test";

// bunfig's [test] timeout is ignored by bun 1.4; integration tests with real sockets need more than 5 s.
setDefaultTimeout(20_000);
