/**
 * The narrow view of an ontology the annotation code needs. The server adapts its ontology index to this;
 * nothing here knows how ontologies are stored.
 */

/** How a line or record names a feature: by `schemaId` (wins when both are given) or by `name`. */
export type FeatureRef = { readonly name?: string; readonly schemaId?: string };

/** Labelbox tool types (`normalized.tools[].tool`); unknown strings pass through so new tools do not break parsing. */
export type ToolType =
  | 'rectangle'
  | 'polygon'
  | 'point'
  | 'line'
  | 'raster-segmentation'
  | 'named-entity'
  | 'edge'
  | 'superpixel'
  | 'message-single-selection'
  | 'message-multi-selection'
  | 'message-ranking'
  | (string & {});

export type ClassificationType = 'radio' | 'checklist' | 'text' | (string & {});

export type ResolvedFeature = {
  readonly featureSchemaId: string;
  /** Display name: a tool's or classification's `name`, an option's `label`. */
  readonly name: string;
  /** Machine value: an option's `value`; for tools and classifications Labelbox derives it from the name. */
  readonly value?: string;
  /** `#rrggbb`, tools only (v1 exports carry it). */
  readonly color?: string | null;
  readonly kind: 'tool' | 'classification' | 'option';
  readonly tool?: ToolType;
  readonly classificationType?: ClassificationType;
  /** A classification nested under this tool or option, by name or schema id. */
  classification(ref: FeatureRef): ResolvedFeature | undefined;
  /** An option of this classification, by name (label or value) or schema id. */
  option(ref: FeatureRef): ResolvedFeature | undefined;
};

export type FeatureResolver = {
  /** A top-level tool or classification of the project's ontology. */
  resolve(ref: FeatureRef): ResolvedFeature | undefined;
};
