/**
 * Console form errors name fields in words: a sentence our use cases wrote stands alone, a schema
 * message gets its field in words — never a field id like "reason" or "intake.dataLocation…".
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/errors.ts';
import { detailMessages, fieldWords } from '#shared/http/routes/console/forms.ts';

describe('console form messages', () => {
  it.each([
    ['reason', 'Reason'],
    ['intake.dataLocation.vendorCountries', 'Vendor countries'],
    ['answers.0.note', 'Note'],
    ['period_end', 'Period end'],
  ])('%s → %s', (path, words) => {
    expect(fieldWords(path)).toBe(words);
  });

  it('a sentence for people stands alone; a schema message is prefixed with its field in words', () => {
    const error = new AppError('invalid_request', 'The decision is not valid.', 400, [
      { path: 'reason', message: 'Give a reason for the rejection; it is kept in the vendor file.' },
      { path: 'limitUsd', message: 'Too small: expected number to be >=0' },
      { path: '(root)', message: 'Invalid input' },
    ]);
    expect(detailMessages(error)).toEqual([
      'Give a reason for the rejection; it is kept in the vendor file.',
      'Limit usd: Too small: expected number to be >=0',
      'Invalid input',
    ]);
  });
});
