"""Dependency order between fields, computed once when a form loads.

A field depends on the fields its shown-when, calculation or clock reads. Evaluating in this order
means every value is final before anything reads it; a cycle makes the form unloadable.
"""

from __future__ import annotations

from collections.abc import Mapping


class CycleError(Exception):
    def __init__(self, cycle: list[str]) -> None:
        super().__init__(" → ".join(cycle))
        self.cycle = cycle


def topological_order(deps: Mapping[str, set[str] | frozenset[str]], order_hint: list[str]) -> list[str]:
    """Ids ordered so each comes after what it depends on; ties keep ``order_hint`` (display) order.

    Dependencies on ids outside ``deps`` are ignored (they are fixed for this scope). Raises
    :class:`CycleError` naming one cycle.
    """
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    result: list[str] = []
    for root in order_hint:
        if state.get(root):
            continue
        # Iterative DFS so a long dependency chain cannot hit Python's recursion limit.
        path: list[str] = [root]
        iters = [iter(sorted(d for d in deps.get(root, ()) if d in deps))]
        state[root] = 1
        while path:
            nxt = next(iters[-1], None)
            if nxt is None:
                done = path.pop()
                iters.pop()
                state[done] = 2
                result.append(done)
                continue
            if state.get(nxt) == 1:
                raise CycleError([*path[path.index(nxt) :], nxt])
            if state.get(nxt) == 2:
                continue
            state[nxt] = 1
            path.append(nxt)
            iters.append(iter(sorted(d for d in deps.get(nxt, ()) if d in deps)))
    return result
