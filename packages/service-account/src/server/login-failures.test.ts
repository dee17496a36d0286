import { isEfaError } from '@efa-kit/core';
import { describe, expect, it } from 'vitest';
import {
  defaultOidcErrorCodes,
  defaultSamlStatusCodes,
  loginFailure,
  samlSecondTierCode,
} from './login-failures.js';

const codeOf = (error: Error) => (isEfaError(error) ? error.code : 'not coded');

describe('login failures (issue 12)', () => {
  it('give each provider code its own coded message, German and English', () => {
    const locked = loginFailure(defaultOidcErrorCodes, 'account_locked', 'low');
    const expired = loginFailure(defaultOidcErrorCodes, 'document_expired', 'high');
    const cancelled = loginFailure(defaultOidcErrorCodes, 'access_denied', 'low');
    expect([locked, expired, cancelled].map(codeOf)).toEqual([
      'ACCOUNT_LOCKED',
      'ACCOUNT_DOCUMENT_EXPIRED',
      'ACCOUNT_LOGIN_CANCELLED',
    ]);
    const texts = [locked, expired, cancelled].map((e) => (isEfaError(e) ? e.localized('de') : ''));
    expect(new Set(texts).size).toBe(3);
    expect(isEfaError(locked) && locked.localized('en')).toContain('locked');
  });

  it('call an unknown code a failure, never a cancel; a missing level is named', () => {
    expect(codeOf(loginFailure(defaultOidcErrorCodes, 'invalid_request', 'low'))).toBe(
      'ACCOUNT_LOGIN_FAILED',
    );
    expect(codeOf(loginFailure(defaultOidcErrorCodes, 'toString', 'low'))).toBe('ACCOUNT_LOGIN_FAILED');
    expect(codeOf(loginFailure(defaultSamlStatusCodes, null, 'low'))).toBe('ACCOUNT_LOGIN_FAILED');
    const level = loginFailure(defaultOidcErrorCodes, 'unmet_authentication_requirements', 'high');
    expect(isEfaError(level) && level.localized('de')).toContain('„high“');
  });

  it('read the second-level status code from samlify’s message', () => {
    expect(
      samlSecondTierCode(
        'ERR_FAILED_STATUS with top tier code: urn:oasis:names:tc:SAML:2.0:status:Responder, second tier code: urn:efa-kit:saml:status:AccountLocked',
      ),
    ).toBe('urn:efa-kit:saml:status:AccountLocked');
    expect(
      samlSecondTierCode(
        'ERR_FAILED_STATUS with top tier code: urn:oasis:names:tc:SAML:2.0:status:Responder, second tier code: undefined',
      ),
    ).toBeNull();
    expect(samlSecondTierCode('ERR_FAILED_TO_VERIFY_SIGNATURE')).toBeNull();
  });
});
