import { useLayoutEffect, useRef, useState } from 'react';
import { ArrowDownToLine } from 'lucide-react';
import { Button } from '../../ui/button';

// Within this many pixels of the end counts as "at the end": sub-pixel rounding never unsticks the view.
const STICK_SLACK_PX = 8;

/**
 * A device's output as it streams in. It follows the newest line until the technician scrolls up to read, and
 * offers to follow again; scrolling back to the end follows again too.
 */
export function LiveOutput({ device, text }: { readonly device: string; readonly text: string }) {
  const ref = useRef<HTMLPreElement>(null);
  const [following, setFollowing] = useState(true);

  useLayoutEffect(() => {
    const pre = ref.current;
    if (pre && following) pre.scrollTop = pre.scrollHeight;
  }, [text, following]);

  const onScroll = () => {
    const pre = ref.current;
    if (!pre) return;
    setFollowing(pre.scrollHeight - pre.scrollTop - pre.clientHeight <= STICK_SLACK_PX);
  };

  return (
    <div className="live-output">
      <pre
        ref={ref}
        className="live-output__text"
        aria-label={`Output of ${device}`}
        tabIndex={0}
        onScroll={onScroll}
      >
        {text}
      </pre>
      {following ? null : (
        <Button icon={ArrowDownToLine} onClick={() => setFollowing(true)}>
          Follow output
        </Button>
      )}
    </div>
  );
}
