// A process that begins an upload into the DiskFileStore at argv[2] and never finishes
// it, for the test to kill -9 midway: it says "sent" once bytes have gone out.
import { DiskFileStore } from "../../src/files/disk-files.ts";

const store = new DiskFileStore(process.argv[2]!);
let sent = 0;
const body = new ReadableStream<Uint8Array>({
  async pull(controller) {
    if (sent === 4) {
      console.log("sent");
      await new Promise(() => {}); // hang until killed
    }
    controller.enqueue(new Uint8Array(1024).fill(sent++));
  },
});
await store.put(body, 1 << 20);
