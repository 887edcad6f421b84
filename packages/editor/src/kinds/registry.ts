import type { ObjectAnnotation, ObjectKind } from '@labelyard/schema';
import { boxKind } from './box.ts';
import type { EditorKindUtil } from './kind-util.ts';
import { maskKind } from './mask.ts';
import { pointKind } from './point.ts';
import { polygonKind } from './polygon.ts';
import { polylineKind } from './polyline.ts';
import { textEntityKind } from './text-entity.ts';
import { documentEntityKind } from './document-entity.ts';
import { videoObjectKind } from './video-object.ts';
import { videoMaskKind } from './video-mask.ts';
import { messageEvaluationKind } from './message-evaluation.ts';

type KindMap = { readonly [K in ObjectKind]: EditorKindUtil<Extract<ObjectAnnotation, { kind: K }>> };

/** The editor util of every object kind; a new kind in packages/schema must be added here (the type says so). */
export const editorKinds: KindMap = {
  bbox: boxKind,
  polygon: polygonKind,
  point: pointKind,
  polyline: polylineKind,
  mask: maskKind,
  'text-entity': textEntityKind,
  'document-entity': documentEntityKind,
  'video-object': videoObjectKind,
  'video-mask': videoMaskKind,
  'message-evaluation': messageEvaluationKind,
};

export function kindOf<A extends ObjectAnnotation>(a: A): EditorKindUtil<A> {
  return editorKinds[a.kind] as unknown as EditorKindUtil<A>;
}
