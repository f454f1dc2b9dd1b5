import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { fakeEvent, FakeSession, FakeWebContents } from '../test-support/electronStandIn.js';
import {
  CONTENT_SECURITY_POLICY,
  guardWebContents,
  hardenSession,
  isWebUrl,
  originOf,
  withContentSecurityPolicy,
} from './security.js';

const ORIGIN = 'http://127.0.0.1:8787';

describe('content security policy', () => {
  it('locks scripts, connections and frames to the gateway', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('is added to responses without one', () => {
    expect(withContentSecurityPolicy({ 'Content-Type': ['text/html'] })).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    expect(withContentSecurityPolicy(undefined)).toEqual({
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });

  it('is added beside the gateway’s own, whatever its casing, so both apply', () => {
    const headers = withContentSecurityPolicy({ 'content-security-policy': ["default-src 'none'"] });
    expect(headers).toEqual({ 'content-security-policy': ["default-src 'none'", CONTENT_SECURITY_POLICY] });
  });
});

describe('hardenSession', () => {
  function harden() {
    const session = new FakeSession('persist:test');
    hardenSession(session as unknown as Session);
    return session;
  }

  it('puts the CSP on every response', () => {
    const session = harden();
    const callback = vi.fn();
    session.headersListener?.(
      { url: `${ORIGIN}/`, responseHeaders: { 'Content-Type': ['text/html'] } },
      callback,
    );
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: {
        'Content-Type': ['text/html'],
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });

  it('denies every permission request and check', () => {
    const session = harden();
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      const callback = vi.fn();
      session.permissionRequestHandler?.({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(session.permissionCheckHandler?.(null, permission, ORIGIN, {})).toBe(false);
    }
    expect(session.devicePermissionHandler?.({ deviceType: 'usb', origin: ORIGIN })).toBe(false);
  });
});

describe('guardWebContents', () => {
  function guard(allowed: string | null = ORIGIN) {
    const contents = new FakeWebContents();
    const openExternal = vi.fn();
    guardWebContents(contents as unknown as WebContents, { allowedOrigin: () => allowed, openExternal });
    const navigate = (url: string, event = 'will-navigate') => {
      const navigation = fakeEvent({ url });
      contents.emit(event, navigation, url);
      return navigation.defaultPrevented;
    };
    return { contents, openExternal, navigate };
  }

  it('denies every new window, sending web links to the browser', () => {
    const { contents, openExternal } = guard();
    expect(contents.windowOpenHandler?.({ url: 'https://ai.google.dev/pricing' })).toEqual({
      action: 'deny',
    });
    expect(openExternal).toHaveBeenCalledWith('https://ai.google.dev/pricing');
  });

  it('never hands non-web URLs to the OS', () => {
    const { contents, openExternal, navigate } = guard();
    for (const url of ['file:///etc/passwd', 'smb://host/share', 'javascript:alert(1)', 'ms-settings:']) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
      expect(navigate(url)).toBe(true);
    }
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('lets the dashboard move within the gateway’s origin', () => {
    const { navigate, openExternal } = guard();
    expect(navigate(`${ORIGIN}/usage`)).toBe(false);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('blocks navigation off the origin and opens it in the browser instead', () => {
    const { navigate, openExternal } = guard();
    expect(navigate('https://evil.example/phish')).toBe(true);
    expect(navigate('http://127.0.0.1:9999/')).toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://evil.example/phish');
  });

  it('blocks redirects off the origin', () => {
    const { navigate } = guard();
    expect(navigate('https://evil.example/', 'will-redirect')).toBe(true);
    expect(navigate(`${ORIGIN}/login`, 'will-redirect')).toBe(false);
  });

  it('blocks all navigation while the gateway is off', () => {
    const { navigate } = guard(null);
    expect(navigate(`${ORIGIN}/`)).toBe(true);
    expect(navigate('about:blank')).toBe(true);
  });

  it('refuses to attach a <webview>', () => {
    const { contents } = guard();
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('URL helpers', () => {
  it('tell web URLs from the rest', () => {
    expect(isWebUrl('https://example.com')).toBe(true);
    expect(isWebUrl('http://127.0.0.1:8787/')).toBe(true);
    expect(isWebUrl('file:///x')).toBe(false);
    expect(isWebUrl('nonsense')).toBe(false);
  });

  it('give no origin for opaque or broken URLs', () => {
    expect(originOf('http://127.0.0.1:8787/a?b')).toBe(ORIGIN);
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('data:text/html,hi')).toBeNull();
    expect(originOf('')).toBeNull();
    expect(originOf(undefined)).toBeNull();
  });
});
