import type { BeforeRequestHook, Options } from 'got'

/** The options object got hands to hooks (normalized: `url` is a URL). */
export type HookOptions = Parameters<BeforeRequestHook>[0] | Options
