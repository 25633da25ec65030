/**
 * Node versions of the option layout. Version 1: eight option groups and four download settings at the top.
 * From 1.1 (the version that also added the Authentication choice): one Options and one Advanced Options
 * collection, preset notices, and options that show a chosen preset's values as their defaults.
 */
export const OPTIONS_LAYOUT_VERSION = 1.1;

/** displayOptions.show entries for the two layouts. */
export const ONLY_V1 = { '@version': [1] };
export const FROM_OPTIONS_LAYOUT = { '@version': [{ _cnd: { gte: OPTIONS_LAYOUT_VERSION } }] };
