// SonarJS's exception: a function that is not nested counts the functions nested in it only
// when it has a structural increment of its own and is no component (a capitalised function
// returning JSX). Otherwise each function nested in it stands alone, counted from nesting 0.
// (No per-line increments here: which function a callback's points go to is the point.)

function noStructure(items, fallback) { // expect: cyclomatic=2 cognitive=1
  const found = items.map((item) => { // expect: cyclomatic=2 cognitive=1
    if (item) { // the callback's own if, at nesting 0
      return 1;
    }
    return 0;
  });
  return found || fallback; // a boolean sequence is no structural increment
}

function Panel(props) { // expect: cyclomatic=2 cognitive=1
  if (props.hidden) {
    return null;
  }
  const rows = props.items.map((item) => { // expect: cyclomatic=2 cognitive=1
    return item ? 1 : 0;
  });
  return <div>{rows}</div>;
}

function panel(props) { // expect: cyclomatic=2 cognitive=3
  if (props.hidden) {
    return null;
  }
  const rows = props.items.map((item) => { // expect: cyclomatic=2 cognitive=1
    return item ? 1 : 0; // +2 in the outer function: not capitalised, so no component
  });
  return <div>{rows}</div>;
}

describe("suite", () => { // expect: cyclomatic=1 cognitive=0
  it("works", () => { // expect: cyclomatic=2 cognitive=1
    if (ready) {
      run();
    }
  });
});
