// React access to the stores: one set per app, given by <StoresProvider>.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { Stores } from '../state/stores';

export const StoresContext = createContext<Stores | null>(null);

export function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores outside <StoresContext.Provider>');
  return stores;
}

/** A slice of a store; the component renders again when the slice changes (Object.is). */
export function useSlice<T, U>(store: StoreApi<T>, selector: (state: T) => U): U {
  return useStore(store, selector);
}
