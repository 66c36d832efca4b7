import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const prettierBin = join(root, 'node_modules/.bin/prettier');

/** TypeScript and JavaScript are checked file by file by each project's lint (eslint-plugin-prettier). */
const LINTED_BY_ESLINT = /\.(ts|cts|mts|js|cjs|mjs)$/;

/** Runs `prettier --list-different` on files with the repo's configuration and ignore file; the files it names. */
function unformatted(files: string[]): string[] {
  const result = spawnSync(
    prettierBin,
    ['--list-different', '--ignore-unknown', '--config', join(root, '.prettierrc.json'), ...files],
    { cwd: root, encoding: 'utf8' },
  );
  if (result.status !== 0 && result.status !== 1) throw new Error(`prettier failed: ${result.stderr}`);
  return result.stdout.split('\n').filter(Boolean);
}

describe('formatting', () => {
  it('every tracked JSON, YAML and CSS file is as `npm run format` leaves it', () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
    const outsideEslint = tracked.filter((file) => !LINTED_BY_ESLINT.test(file));
    expect(outsideEslint).toEqual(expect.arrayContaining(['package.json', 'k8s/base/gateway.yaml']));
    expect(unformatted(outsideEslint)).toEqual([]);
  });

  it('names a file that is not formatted', () => {
    // Inside the repo: Prettier silently passes files outside its working directory.
    const dir = mkdtempSync(join(root, 'tools/workspace-checks/.formatting-'));
    try {
      const file = join(dir, 'loose.json');
      writeFileSync(file, '{"a":1,\n\n"b":   [1,2]}');
      expect(unformatted([file])).toEqual([relative(root, file)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
