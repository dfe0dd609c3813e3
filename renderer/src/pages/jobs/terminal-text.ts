/**
 * Output as a terminal leaves it on screen: a carriage return sends the cursor back to the line's start, so what
 * follows overwrites it. dpkg and apt redraw their progress that way ("(Reading database ... 45%\r"); shown raw,
 * every redraw stays in the line.
 */
export function asTerminalShows(text: string): string {
  if (!text.includes('\r')) return text;
  return text
    .split('\n')
    .map((line) => {
      // "\r\n" ends a line without overwriting anything.
      const segments = line.replace(/\r+$/, '').split('\r');
      let shown = '';
      for (const segment of segments) shown = segment + shown.slice(segment.length);
      return shown;
    })
    .join('\n');
}
