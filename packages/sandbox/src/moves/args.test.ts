import { isMove, MOVES, parseMoveArgs } from './args';

const noFile = async (path: string): Promise<string> => {
  throw new Error(`ENOENT: ${path}`);
};

describe('parseMoveArgs', () => {
  it('knows every move of the CLI', () => {
    expect(MOVES).toEqual([
      'disable-key',
      'enable-key',
      'schedule-key-deletion',
      'cancel-key-deletion',
      'enable-key-rotation',
      'disable-key-rotation',
      'put-key-policy',
      'create-table',
      'tag-table',
      'untag-table',
      'delete-table',
    ]);
    expect(isMove('seed')).toBe(false);
    expect(isMove('disable-key')).toBe(true);
  });

  it('reads a key move', async () => {
    await expect(
      parseMoveArgs(
        'schedule-key-deletion',
        [
          '--account',
          'platform-prod',
          '--region',
          'us-east-1',
          '--key',
          'alias/x',
          '--days',
          '30',
        ],
        noFile,
      ),
    ).resolves.toEqual({
      move: 'schedule-key-deletion',
      account: 'platform-prod',
      region: 'us-east-1',
      key: 'alias/x',
      pendingWindowInDays: 30,
    });
  });

  it('reads the policy file of put-key-policy', async () => {
    const request = await parseMoveArgs(
      'put-key-policy',
      [
        '--account=111111111111',
        '--region=eu-west-1',
        '--key=k',
        '--policy-file=p.json',
      ],
      async path => `{"read":"${path}"}`,
    );
    expect(request.policy).toBe('{"read":"p.json"}');
  });

  it('reads table moves: tags as key=value (a value may hold =), tag keys repeated', async () => {
    expect(
      (
        await parseMoveArgs(
          'tag-table',
          [
            '--account',
            'a',
            '--region',
            'r',
            '--table',
            't',
            '--tag',
            'owner=group:default/x',
            '--tag',
            'q=a=b',
          ],
          noFile,
        )
      ).tags,
    ).toEqual({ owner: 'group:default/x', q: 'a=b' });
    expect(
      (
        await parseMoveArgs(
          'untag-table',
          [
            '--account',
            'a',
            '--region',
            'r',
            '--table',
            't',
            '--tag-key',
            'owner',
            '--tag-key',
            'q',
          ],
          noFile,
        )
      ).tagKeys,
    ).toEqual(['owner', 'q']);
  });

  it.each([
    [
      'disable-key',
      ['--region', 'r', '--key', 'k'],
      /^--account: disable-key needs --account$/,
    ],
    [
      'delete-table',
      ['--account', 'a', '--region', 'r', '--key', 'k'],
      /^--table: delete-table needs --table$/,
    ],
    [
      'disable-key',
      ['--account', 'a', '--region', 'r', '--key', 'k', '--days', '7'],
      /^--days: disable-key takes no --days$/,
    ],
    [
      'disable-key',
      ['--account', 'a', '--region', 'r', '--key', 'k', '--force'],
      /^--arguments: .*--force/,
    ],
    [
      'disable-key',
      ['--account', 'a', '--region', 'r', '--key', 'k', 'extra'],
      /^--arguments: .*extra/,
    ],
    [
      'schedule-key-deletion',
      ['--account', 'a', '--region', 'r', '--key', 'k', '--days', 'seven'],
      /^--days: "seven" is not a number of days$/,
    ],
    [
      'put-key-policy',
      [
        '--account',
        'a',
        '--region',
        'r',
        '--key',
        'k',
        '--policy-file',
        'missing.json',
      ],
      /^--policy-file: cannot read missing.json: ENOENT/,
    ],
    [
      'tag-table',
      ['--account', 'a', '--region', 'r', '--table', 't', '--tag', 'novalue'],
      /^--tag: "novalue" is not key=value$/,
    ],
    [
      'tag-table',
      ['--account', 'a', '--region', 'r', '--table', 't'],
      /^--tag: tag-table needs --tag key=value$/,
    ],
    [
      'untag-table',
      ['--account', 'a', '--region', 'r', '--table', 't'],
      /^--tag-key: untag-table needs --tag-key key$/,
    ],
  ] as const)(
    '%s %j is refused, naming the argument',
    async (move, args, message) => {
      await expect(parseMoveArgs(move, [...args], noFile)).rejects.toThrow(
        message,
      );
    },
  );
});
