import { useState } from 'react';
import { Radar, Tag } from 'lucide-react';
import type { Device, Ring } from '../../../../shared/domain/fleet';
import { formatCountOf } from '../../format';
import { useInventoryStore } from '../../stores/inventory-store';
import { useScansStore } from '../../stores/scans-store';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { Select } from '../../ui/select';
import { TextField } from '../../ui/text-field';

// The ring names, without importing the schemas module (zod) into the console's first bundle.
const rings: readonly Ring[] = ['test', 'pilot', 'broad'];
const tagPattern = /^[A-Za-z0-9][A-Za-z0-9:_./-]{0,39}$/;

/** What can be done to the selected rows at once: scan them, tag them, move them to a ring. */
export function BulkBar({
  selected,
  onDone,
}: {
  readonly selected: readonly Device[];
  readonly onDone: () => void;
}) {
  const scan = useScansStore((state) => state.scan);
  const running = useScansStore((state) => state.running > 0);
  const setRing = useInventoryStore((state) => state.setRing);
  const addTag = useInventoryStore((state) => state.addTag);
  const [tagging, setTagging] = useState(false);
  const [tag, setTag] = useState('');
  const [tagError, setTagError] = useState<string | undefined>(undefined);

  const applyTag = async () => {
    const value = tag.trim();
    if (!tagPattern.test(value)) {
      setTagError('A tag is 1 to 40 letters, digits and : _ . / - (starting with a letter or digit).');
      return;
    }
    await addTag(selected, value);
    setTagging(false);
    setTag('');
    onDone();
  };

  return (
    <div className="bulk-bar" role="region" aria-label="Selected devices">
      <span className="bulk-bar__count">{selected.length} selected</span>
      <Button
        icon={Radar}
        busy={running}
        onClick={() => void scan({ deviceIds: selected.map((device) => device.id) })}
      >
        Scan selected
      </Button>
      <Button icon={Tag} onClick={() => setTagging(true)}>
        Tag…
      </Button>
      <Select
        label="Set ring"
        quiet
        value=""
        placeholder="Set ring…"
        options={rings.map((ring) => ({ value: ring, label: ring }))}
        onChange={(value) => {
          if (value === '') return;
          void setRing(selected, value as Ring).then(onDone);
        }}
      />
      <Button variant="ghost" onClick={onDone}>
        Clear
      </Button>
      <Dialog
        open={tagging}
        title={`Tag ${formatCountOf(selected.length, 'device')}`}
        onClose={() => setTagging(false)}
        onSubmit={() => void applyTag()}
        footer={
          <>
            <Button onClick={() => setTagging(false)}>Cancel</Button>
            <Button type="submit" variant="primary">
              Add tag
            </Button>
          </>
        }
      >
        <TextField
          label="Tag"
          value={tag}
          onChange={(value) => (setTag(value), setTagError(undefined))}
          error={tagError}
          autoFocus
        />
      </Dialog>
    </div>
  );
}
