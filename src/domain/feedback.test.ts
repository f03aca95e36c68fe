import { describe, expect, it } from 'vitest';
import { redact } from './feedback.ts';

describe('redaction of free text from anonymous channels', () => {
  it('should remove e-mail addresses, phone numbers and card-like numbers', () => {
    const r = redact(
      'Mail me at jane.doe+x@example.co.uk or call +44 20 7946 0958; card 4111 1111 1111 1111.',
    );
    expect(r.text).toBe('Mail me at [e-mail removed] or call [phone removed]; card [number removed].');
    expect(r.redacted).toBe(true);
    expect(redact('My card 4111-1111-1111-1111 was charged').text).toBe(
      'My card [number removed] was charged',
    );
    expect(redact('Call 555-123-4567 please').text).toBe('Call [phone removed] please');
  });

  it('should leave dates, small numbers and ordinary text alone', () => {
    for (const text of [
      'It happened on 2026-03-01 at 14:00.',
      'We lost 48,000 records and waited 3 days.',
      'Order 12345 arrived late.',
      'I no longer trust them.',
      'Seen on 03/01/2026.',
    ]) {
      expect(redact(text)).toEqual({ text, redacted: false });
    }
  });
});
