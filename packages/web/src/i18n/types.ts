type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** Every language provides exactly the keys of the English file. */
export type Messages = Widen<typeof import('./en').en>;
