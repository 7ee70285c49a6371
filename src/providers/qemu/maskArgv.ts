// A QEMU command line can carry secrets in clear: `-object secret,id=s0,data=PASSWORD` (or its
// JSON form) and `-spice password=...`. The raw inspect JSON shows them masked until revealed.
const MASKED_VALUE = '••••••';

export function withArgvSecretsMasked(argv: readonly string[]): string[] {
  return argv.map((value, index) => {
    const option = argv[index - 1]?.replace(/^--/, '-');
    if (option === '-object' && /^secret(,|$)|"qom-type"\s*:\s*"secret"/.test(value)) {
      return value.replace(/(^|,)data=(?:[^,]|,,)*/, `$1data=${MASKED_VALUE}`).replace(/("data"\s*:\s*)"(?:[^"\\]|\\.)*"/, `$1"${MASKED_VALUE}"`);
    }
    if (option === '-spice') return value.replace(/(^|,)password=(?:[^,]|,,)*/, `$1password=${MASKED_VALUE}`);
    return value;
  });
}
