import { useEffect, useRef } from 'react';
import type { RefObject } from 'react';

/**
 * Keeps keyboard and screen-reader users in place when the control they used goes away: a form
 * that closes, a button that a status change made moot. After a render in which `trigger` changed,
 * if focus has fallen to the page body, it moves to the first of `targets` still in the page.
 * Focus that went anywhere else (the person clicked on) is left alone.
 */
export function useFocusWhenLost(trigger: unknown, ...targets: RefObject<HTMLElement | null>[]): void {
  const last = useRef(trigger);
  useEffect(() => {
    if (Object.is(last.current, trigger)) return;
    last.current = trigger;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    targets.find((t) => t.current?.isConnected)?.current?.focus();
  });
}
