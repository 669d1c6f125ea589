/**
 * Login names that say whose machine it is, not who is typing: `ssh -p PORT host` without
 * `nick@` sends the local account's name, and on servers, cloud images and Raspberry Pis
 * that is one of these. Joining as `root` is never what was meant, so these are asked
 * for a nickname instead, with the same prompt as telnet.
 */
const GENERIC_LOGINS = new Set([
  "root", "admin", "administrator", "user", "guest", "test", "pi", "ubuntu", "debian", "ec2-user",
  "centos", "fedora", "rocky", "almalinux", "alpine", "arch", "core", "azureuser", "opc", "vagrant",
]);

/** Whether the SSH user name `name` is a generic login rather than a nickname. */
export function isGenericLogin(name: string): boolean {
  return GENERIC_LOGINS.has(name.toLowerCase());
}
