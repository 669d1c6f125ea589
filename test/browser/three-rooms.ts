import type { BrowserScene } from "./harness.ts";

/** alice's page in #lobby, #dev and #ops (its address #ops), and bob's in #lobby and #dev: the scene of the rooms' tests. */
export async function aliceInThreeRooms(scene: BrowserScene) {
  scene.start({ msgRate: 1000, msgBurst: 1000 });
  const alice = await scene.web("alice");
  const bob = await scene.web("bob");
  for (const room of ["#dev", "#ops"]) {
    await alice.send(`/join ${room}`);
    await alice.page.waitForURL(`**/r/${room.slice(1)}`);
  }
  await bob.send("/join #dev");
  await bob.page.waitForURL("**/r/dev");
  return { alice, bob };
}
