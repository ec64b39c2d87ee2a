import { defineCatalog } from '../types';
export const simMessages = defineCatalog({});
