/** Offset pages as the Labelbox SDK sends them (`skip: 0 first: 100`); page size defaults to 100. */
export function offsetPage(args: { skip?: number | null; first?: number | null }): {
  skip: number;
  first: number;
} {
  const skip = args.skip ?? 0;
  return { skip: skip < 0 ? 0 : skip, first: args.first ?? 100 };
}
