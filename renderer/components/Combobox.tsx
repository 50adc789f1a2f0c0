// A searchable single-choice list on React Aria's ComboBox: type to filter (label, group and keywords),
// arrows to move, Enter to choose, Escape to close. Options may be grouped (permission categories).
import { useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  Button,
  Collection,
  ComboBox,
  ComboBoxStateContext,
  Header,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  ListBoxSection,
  Popover,
} from 'react-aria-components';
import { Icon } from './Icon';

export interface ComboOption {
  value: string;
  label: string;
  /** A heading the option is listed under. */
  group?: string;
  /** Extra text that matches the search (an id, a path). */
  keywords?: string;
  hint?: ReactNode;
}

export function filterOptions(options: ComboOption[], query: string, limit = 300): ComboOption[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return options.slice(0, limit);
  const out: ComboOption[] = [];
  for (const option of options) {
    const hay = `${option.label} ${option.group ?? ''} ${option.keywords ?? ''}`.toLowerCase();
    if (words.every((w) => hay.includes(w))) {
      out.push(option);
      if (out.length >= limit) break;
    }
  }
  return out;
}

/** Consecutive options of one group make a section under its heading; options without a group stand alone. */
type Block = { id: string; group: string; options: ComboOption[] } | { id: string; group?: undefined; option: ComboOption };

function blocksOf(options: ComboOption[]): Block[] {
  const blocks: Block[] = [];
  for (const option of options) {
    const last = blocks.at(-1);
    if (option.group === undefined) blocks.push({ id: option.value, option });
    else if (last?.group === option.group && 'options' in last) last.options.push(option);
    else blocks.push({ id: `\u0000group:${option.group}:${blocks.length}`, group: option.group, options: [option] });
  }
  return blocks;
}

export function Combobox({
  options,
  value,
  onChange,
  placeholder,
  label,
  id,
  find,
  className,
  emptyText = 'Nothing matches',
  clearable,
  onInputChange,
}: {
  options: ComboOption[];
  value: string | null;
  onChange: (value: string | null) => void;
  placeholder?: string;
  /** Accessible name of the input (and, with "Suggestions", of its list). */
  label: string;
  id?: string;
  /** Ctrl/Cmd+F lands here. */
  find?: boolean;
  className?: string;
  emptyText?: string;
  clearable?: boolean;
  /** What the person types, as they type it (to search the back end for options). */
  onInputChange?: (text: string) => void;
}) {
  const selected = options.find((o) => o.value === value) ?? null;
  // What the person has typed since the list opened; null shows the chosen option's label and lists everything.
  const [typed, setTyped] = useState<string | null>(null);
  const shown = useMemo(() => blocksOf(filterOptions(options, typed ?? '')), [options, typed]);

  const renderOption = (option: ComboOption) => (
    <ListBoxItem key={option.value} id={option.value} textValue={option.label} className="combobox-option">
      <span className="combobox-option-label">{option.label}</span>
      {option.hint && <span className="combobox-option-hint">{option.hint}</span>}
      {option.value === value && <Icon name="check" className="combobox-check" />}
    </ListBoxItem>
  );

  return (
    <ComboBox
      id={id}
      className={`combobox ${className ?? ''}`}
      items={shown}
      selectedKey={value}
      onSelectionChange={(key) => {
        setTyped(null);
        if (key !== null && key !== value) onChange(String(key));
      }}
      inputValue={typed ?? selected?.label ?? ''}
      onInputChange={(text) => {
        setTyped(text);
        onInputChange?.(text);
      }}
      onOpenChange={(open) => {
        if (!open) setTyped(null);
      }}
      // The list opens on focus, typing and click (ComboInput); with "manual" React Aria never reopens it
      // by itself when the text changes back to the chosen label (after Escape, say).
      menuTrigger="manual"
      allowsEmptyCollection
    >
      <Label className="visually-hidden">{label}</Label>
      <div className="combobox-field">
        <Icon name="search" className="combobox-search" />
        <ComboInput find={find} placeholder={placeholder} />
        {clearable && selected ? (
          <button
            type="button"
            className="combobox-clear"
            aria-label={`Clear ${label}`}
            onClick={(event) => {
              onChange(null);
              event.currentTarget.parentElement?.querySelector('input')?.focus();
            }}
          >
            <Icon name="x" size={14} />
          </button>
        ) : (
          <Button className="combobox-caret">
            <Icon name="chevronUpDown" />
          </Button>
        )}
      </div>
      <Popover className="popover-surface combobox-popover" offset={4} maxHeight={360}>
        <ListBox<Block> className="combobox-list" renderEmptyState={() => <div className="combobox-empty">{emptyText}</div>}>
          {(block) =>
            'options' in block ? (
              <ListBoxSection id={block.id} className="combobox-section">
                <Header className="combobox-group">{block.group}</Header>
                <Collection items={block.options}>{renderOption}</Collection>
              </ListBoxSection>
            ) : (
              renderOption(block.option)
            )
          }
        </ListBox>
      </Popover>
    </ComboBox>
  );
}

/**
 * The text field. It opens the list when focused, typed in or clicked. While the list is open one option
 * is always focused, as before: the first match as the person types, else the chosen one, so Enter
 * takes what is highlighted.
 */
function ComboInput({ find, placeholder }: { find?: boolean; placeholder?: string }) {
  const state = useContext(ComboBoxStateContext);
  const isOpen = state?.isOpen ?? false;
  const focused = state?.selectionManager.focusedKey ?? null;
  // Runs after every render on purpose: React Aria clears the focused option whenever the text changes.
  useEffect(() => {
    if (!state || !isOpen || focused !== null) return;
    const { collection, selectedKey } = state;
    const target = selectedKey !== null && collection.getItem(selectedKey) ? selectedKey : firstItemKey(collection);
    if (target !== null) state.selectionManager.setFocusedKey(target);
  });
  const open = () => {
    if (state && !state.isOpen) state.open(null, 'manual');
  };
  return (
    <Input
      className="input combobox-input"
      spellCheck={false}
      placeholder={placeholder}
      data-find={find ? '' : undefined}
      // Only when focus comes from elsewhere: React Aria focuses the field again after a choice.
      onFocus={() => {
        if (!state?.isFocused) open();
      }}
      onChange={open}
      onClick={open}
    />
  );
}

type ComboState = NonNullable<React.ContextType<typeof ComboBoxStateContext>>;

function firstItemKey(collection: ComboState['collection']) {
  for (let key = collection.getFirstKey(); key !== null; key = collection.getKeyAfter(key)) {
    if (collection.getItem(key)?.type === 'item') return key;
  }
  return null;
}
