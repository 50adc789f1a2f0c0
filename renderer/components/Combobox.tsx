// A searchable single-choice list (ARIA combobox): type to filter, arrows to move, Enter to choose,
// Escape to close. Options may be grouped (permission categories).
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
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
}: {
  options: ComboOption[];
  value: string | null;
  onChange: (value: string | null) => void;
  placeholder?: string;
  /** Accessible name of the input. */
  label: string;
  id?: string;
  /** Ctrl/Cmd+F lands here. */
  find?: boolean;
  className?: string;
  emptyText?: string;
  clearable?: boolean;
}) {
  const autoId = useId();
  const inputId = id ?? autoId;
  const listId = `${inputId}-list`;
  const selected = options.find((o) => o.value === value) ?? null;
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  const shown = useMemo(() => filterOptions(options, open ? query : ''), [options, query, open]);

  useEffect(() => {
    if (!open) return;
    const el = listRef.current?.querySelector<HTMLElement>(`[data-index="${active}"]`);
    el?.scrollIntoView({ block: 'nearest' });
  }, [active, open]);

  const choose = (option: ComboOption | undefined) => {
    if (!option) return;
    onChange(option.value);
    setOpen(false);
    setQuery('');
  };

  const openList = () => {
    setOpen(true);
    setQuery('');
    const at = selected ? options.indexOf(selected) : 0;
    setActive(Math.max(0, at));
  };

  return (
    <div className={`combobox ${className ?? ''}`}>
      <div className="combobox-field">
        <Icon name="search" className="combobox-search" />
        <input
          ref={inputRef}
          id={inputId}
          className="input combobox-input"
          role="combobox"
          aria-label={label}
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && shown[active] ? `${listId}-${active}` : undefined}
          autoComplete="off"
          spellCheck={false}
          placeholder={placeholder}
          data-find={find ? '' : undefined}
          value={open ? query : (selected?.label ?? '')}
          onFocus={() => {
            if (!open) openList();
          }}
          onClick={() => {
            if (!open) openList();
          }}
          onBlur={() => setOpen(false)}
          onChange={(event) => {
            setOpen(true);
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') {
              event.preventDefault();
              if (!open) openList();
              else setActive((a) => Math.min(shown.length - 1, a + 1));
            } else if (event.key === 'ArrowUp') {
              event.preventDefault();
              setActive((a) => Math.max(0, a - 1));
            } else if (event.key === 'Home' && open) {
              setActive(0);
            } else if (event.key === 'End' && open) {
              setActive(shown.length - 1);
            } else if (event.key === 'Enter') {
              if (open) {
                event.preventDefault();
                choose(shown[active]);
              } else openList();
            } else if (event.key === 'Escape') {
              if (open) {
                // Close the list, not the dialog around it.
                event.preventDefault();
                event.stopPropagation();
                setOpen(false);
                setQuery('');
              }
            } else if (event.key === 'Tab') {
              setOpen(false);
            }
          }}
        />
        {clearable && selected && !open ? (
          <button
            type="button"
            className="combobox-clear"
            aria-label={`Clear ${label}`}
            onClick={() => {
              onChange(null);
              inputRef.current?.focus();
            }}
          >
            <Icon name="x" size={14} />
          </button>
        ) : (
          <Icon name="chevronUpDown" className="combobox-caret" />
        )}
      </div>
      {open && (
        <ul ref={listRef} id={listId} role="listbox" aria-label={label} className="combobox-list">
          {shown.length === 0 && <li className="combobox-empty">{emptyText}</li>}
          {shown.map((option, i) => {
            const heading = option.group !== undefined && option.group !== shown[i - 1]?.group;
            return [
              heading ? (
                <li key={`g-${option.group}-${i}`} role="presentation" className="combobox-group">
                  {option.group}
                </li>
              ) : null,
              <li
                key={option.value}
                id={`${listId}-${i}`}
                data-index={i}
                role="option"
                aria-selected={option.value === value}
                className={`combobox-option${i === active ? ' active' : ''}${option.value === value ? ' selected' : ''}`}
                onMouseDown={(event) => {
                  event.preventDefault();
                  choose(option);
                }}
                onMouseMove={() => setActive(i)}
              >
                <span className="combobox-option-label">{option.label}</span>
                {option.hint && <span className="combobox-option-hint">{option.hint}</span>}
                {option.value === value && <Icon name="check" className="combobox-check" />}
              </li>,
            ];
          })}
        </ul>
      )}
    </div>
  );
}
