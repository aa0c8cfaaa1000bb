// String-literal helpers shared by the parser front end.

/** A string token is closed when it ends in a quote not escaped by an odd run of backslashes. */
export function isTerminatedString(image: string): boolean {
  if (image.length < 2 || !image.endsWith('"')) return false;
  let slashes = 0;
  for (let i = image.length - 2; i >= 1 && image[i] === "\\"; i--) slashes++;
  return slashes % 2 === 0;
}
