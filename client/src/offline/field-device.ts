import { createContext, useContext } from 'react';

/**
 * True inside a crew's tablet screen: there, the steps a crew records on a job (notes, Mental Health Act
 * steps) are kept on the device first and sent when there is signal (SPEC S-25), instead of failing.
 */
export const FieldDeviceContext = createContext(false);

export function useIsFieldDevice(): boolean {
  return useContext(FieldDeviceContext);
}
