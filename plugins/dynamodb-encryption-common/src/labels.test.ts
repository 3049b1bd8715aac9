import { plural } from './labels';

describe('plural', () => {
  it('fits the word to the count', () => {
    expect(plural(1, 'table', 'tables')).toBe('1 table');
    expect(plural(0, 'table', 'tables')).toBe('0 tables');
    expect(plural(3, 'table is', 'tables are')).toBe('3 tables are');
    expect(plural(20000, 'request', 'requests')).toBe('20,000 requests');
  });
});
