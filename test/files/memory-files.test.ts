import { describe } from "bun:test";
import { MemoryFileStore } from "../../src/stores/file-store.ts";
import { behavesAsAFileStore } from "./file-store-behaviour.ts";

describe("MemoryFileStore", () => {
  const store = new MemoryFileStore();
  behavesAsAFileStore(() => store);
});
