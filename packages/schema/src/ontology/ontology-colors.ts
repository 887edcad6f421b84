/**
 * Tool colors: what the normalized JSON accepts, and the palette the server picks from when a tool has none.
 * Colors are kept exactly as sent (the SDK's own tests compare `"black"` with what comes back).
 */

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const FUNCTIONAL =
  /^(?:rgba?|hsla?)\(\s*[-+0-9.%]+(?:\s*[,\s]\s*[-+0-9.%]+){2}(?:\s*[,/]\s*[0-9.%]+)?\s*\)$/i;

// CSS Color Module Level 4 named colors.
const NAMED = new Set(
  (
    'aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown burlywood ' +
    'cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan darkgoldenrod darkgray ' +
    'darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen ' +
    'darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue ' +
    'firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite gold goldenrod gray green greenyellow grey honeydew ' +
    'hotpink indianred indigo ivory khaki lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan ' +
    'lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray ' +
    'lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon mediumaquamarine mediumblue ' +
    'mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen mediumturquoise mediumvioletred ' +
    'midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid ' +
    'palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum powderblue purple ' +
    'rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue ' +
    'slateblue slategray slategrey snow springgreen steelblue tan teal thistle tomato turquoise violet wheat white ' +
    'whitesmoke yellow yellowgreen'
  ).split(' '),
);

/** True for `#rgb[a]`, `#rrggbb[aa]`, `rgb()/rgba()/hsl()/hsla()` and CSS color names (any case). */
export function isColor(value: string): boolean {
  const v = value.trim();
  return HEX.test(v) || FUNCTIONAL.test(v) || NAMED.has(v.toLowerCase());
}

/** Distinct, saturated colors; tool `i` of a level without a color gets `TOOL_PALETTE[i % length]`. */
export const TOOL_PALETTE = [
  '#ff0000',
  '#1e90ff',
  '#32cd32',
  '#ffa500',
  '#9400d3',
  '#00ced1',
  '#ff1493',
  '#ffd700',
  '#8b4513',
  '#7fff00',
  '#4169e1',
  '#ff6347',
  '#2e8b57',
  '#da70d6',
  '#808000',
  '#00bfff',
] as const;

export function paletteColor(index: number): string {
  const i = ((index % TOOL_PALETTE.length) + TOOL_PALETTE.length) % TOOL_PALETTE.length;
  return TOOL_PALETTE[i];
}
