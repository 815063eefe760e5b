// TSX: JSX elements inside TypeScript.
import * as React from "react";

type Props = { items: string[]; empty?: string };

export function List({ items, empty }: Props): JSX.Element { // expect: cyclomatic=4 cognitive=2
  if (items.length === 0) { // +1
    return <p>{empty ?? "Nothing"}</p>;
  }
  return ( // +1 (the `&&` below: charged where its expression starts)
    <ul>
      {items.map((item) => ( // expect: cyclomatic=1 cognitive=0
        <li key={item}>{item}</li>
      ))}
    </ul>
  ) && <hr />;
}
