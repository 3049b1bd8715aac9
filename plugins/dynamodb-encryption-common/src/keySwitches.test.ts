import { KeyReading, keySwitchHistory } from './keySwitches';

const now = new Date('2026-03-10T12:00:00Z');
const hoursAgo = (h: number) =>
  new Date(now.getTime() - h * 3_600_000).toISOString();
const cmkA = 'arn:aws:kms:us-east-1:111111111111:key/a';
const cmkB = 'arn:aws:kms:us-east-1:111111111111:key/b';
const owned = (h: number): KeyReading => ({
  at: hoursAgo(h),
  keyType: 'AWS_OWNED',
});
const cmk = (h: number, kmsKeyArn = cmkA): KeyReading => ({
  at: hoursAgo(h),
  keyType: 'CUSTOMER_MANAGED',
  kmsKeyArn,
});

describe('keySwitchHistory', () => {
  it('says it does not know before any reading', () => {
    const history = keySwitchHistory([], now);
    expect(history).toMatchObject({ known: false, recent: [], counted: 0 });
    expect(history.note).toMatch(
      /^The portal has no reading of this table yet .* so it does not know its recent key switches\. DynamoDB allows 4 key switches of a table in 24 hours/,
    );
  });

  it('dates a switch seen by scans between the two readings, and one seen by an UpdateTable event by the event', () => {
    const event = { name: 'UpdateTable', time: hoursAgo(2.5) };
    const history = keySwitchHistory(
      [owned(30), cmk(10), { ...cmk(2, cmkB), event }, owned(20)],
      now,
    );
    expect(history.known).toBe(true);
    expect(history.since).toBe(hoursAgo(30));
    expect(history.recent).toEqual([
      {
        at: hoursAgo(2.5),
        from: { keyType: 'CUSTOMER_MANAGED', kmsKeyArn: cmkA },
        to: { keyType: 'CUSTOMER_MANAGED', kmsKeyArn: cmkB },
        source: 'event',
        eventName: 'UpdateTable',
      },
      {
        at: hoursAgo(10),
        seenAfter: hoursAgo(20),
        from: { keyType: 'AWS_OWNED' },
        to: { keyType: 'CUSTOMER_MANAGED', kmsKeyArn: cmkA },
        source: 'scan',
      },
    ]);
    expect(history.counted).toBe(2);
    expect(history.note).toMatch(
      /^In the last 24 hours the portal saw 2 switches of this table's key\. It reads the key at each scan and AWS event, so a switch and back between two readings is not seen\./,
    );
  });

  it('does not count a switch to the AWS owned key, nor one out of the window, nor an unknown reading', () => {
    const history = keySwitchHistory(
      [owned(40), cmk(30), { at: hoursAgo(5), keyType: 'UNKNOWN' }, owned(3)],
      now,
    );
    expect(history.recent.map(s => s.to.keyType)).toEqual(['AWS_OWNED']);
    expect(history.counted).toBe(0);
    expect(history.note).toContain('1 switch (0 counted against the limit)');
  });

  it('says what it does not know when its readings start inside the window', () => {
    const history = keySwitchHistory([owned(3), cmk(1)], now);
    expect(history.known).toBe(false);
    expect(history.note).toMatch(
      new RegExp(
        `^Since ${hoursAgo(3).replace(
          /[.]/g,
          '\\.',
        )}, its oldest reading of this table, the portal saw 1 switch of the table's key; it does not know what happened before`,
      ),
    );
  });

  it('warns when a switch to a KMS key may hit the limit', () => {
    const readings = [owned(30), cmk(8), owned(6), cmk(4), owned(3), cmk(2)];
    const history = keySwitchHistory(readings, now, 'CUSTOMER_MANAGED');
    expect(history.counted).toBe(3);
    expect(history.note).not.toContain('may refuse');
    const more = keySwitchHistory(
      [...readings, cmk(1, cmkB)],
      now,
      'CUSTOMER_MANAGED',
    );
    expect(more.counted).toBe(4);
    expect(more.note).toContain(
      'DynamoDB may refuse a switch to a customer managed key now: the portal counted 4 in the window.',
    );
    expect(
      keySwitchHistory([...readings, cmk(1, cmkB)], now, 'AWS_OWNED').note,
    ).not.toContain('may refuse');
  });
});
