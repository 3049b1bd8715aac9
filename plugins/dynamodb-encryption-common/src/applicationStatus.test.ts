import {
  applicationStatusLocation,
  parseApplicationStatus,
  refusalSentence,
} from './applicationStatus';

describe('Application status beside its manifest', () => {
  it('lives next to the manifest', () => {
    expect(
      applicationStatusLocation(
        'http://127.0.0.1:4580/apps/x/application.yaml',
      ),
    ).toBe('http://127.0.0.1:4580/apps/x/application.status.json');
  });

  it('reads only statuses', () => {
    expect(parseApplicationStatus('not json')).toBeUndefined();
    expect(parseApplicationStatus('{"phase":"running"}')).toBeUndefined();
    const status = {
      application: 'orders',
      phase: 'refused',
      message: 'kmsKeyId: is required',
      commit: '0123456789abcdef',
      updatedAt: '2026-01-01T00:00:00.000Z',
    } as const;
    expect(parseApplicationStatus(JSON.stringify(status))).toEqual(status);
    expect(refusalSentence(status)).toBe(
      'The GitOps reconciler refused Application orders at commit 01234567: kmsKeyId: is required',
    );
  });
});
