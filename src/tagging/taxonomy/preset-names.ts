// The industry presets painmap ships (PAINMAP_TAXONOMY=preset:NAME): a plain list, so config validation can
// name them without loading the tagger. `general` is the default taxonomy; the others extend it.
export const PRESET_NAMES = ['general', 'retail', 'banking', 'saas', 'travel', 'telecom-utilities'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export const PRESET_PREFIX = 'preset:';

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}
