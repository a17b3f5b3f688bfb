"""Local repair in plain Python: move single border units, merge undersized regions.

Moves are scored by cut edges (compactness) and households moved away from the community they
continue; a move is only made if the region the unit leaves stays connected, which is checked by a
breadth-first search inside that region that stops as soon as it has reached the unit's neighbours.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

import numpy as np

from .constraints import Problem

__all__ = ["Repairer"]


class Repairer:
    """Mutable region state for local moves. Regions are integer labels; ``locked`` ones never change."""

    def __init__(
        self,
        problem: Problem,
        label: np.ndarray,
        *,
        floor: int,
        ceiling: int,
        home: np.ndarray | None,
        locked: set[int],
    ):
        self.problem = problem
        self.ip = problem.csr.indptr.tolist()
        self.ix = problem.csr.indices.tolist()
        self.w = problem.weights.tolist()
        self.label = label.tolist()
        self.floor, self.ceiling = floor, ceiling
        self.locked = set(locked)
        # Locked regions an undersized neighbour may still merge into (seed mode: unchanged ones).
        self.unlockable: set[int] = set()
        self.members: dict[int, set[int]] = {}
        self.weight: dict[int, int] = {}
        for u, r in enumerate(self.label):
            self.members.setdefault(r, set()).add(u)
            self.weight[r] = self.weight.get(r, 0) + self.w[u]
        self.home = home.tolist() if home is not None else None
        self.cont: dict[int, int] = {}
        if self.home is not None:
            for r in self.members:
                self.refresh_continuation(r)
        self.edge_cost = max(1.0, float(np.mean(problem.weights))) if problem.n else 1.0

    # -- queries -------------------------------------------------------------------------------------
    def nbrs(self, u: int) -> list[int]:
        return self.ix[self.ip[u] : self.ip[u + 1]]

    def refresh_continuation(self, r: int) -> None:
        if self.home is None:
            return
        count: dict[int, int] = {}
        for u in self.members[r]:
            h = self.home[u]
            count[h] = count.get(h, 0) + self.w[u] + 1
        best = max(sorted(count), key=lambda h: (h >= 0, count[h]))
        self.cont[r] = best if best >= 0 else -2

    def borders(self, r: int) -> dict[int, int]:
        """Neighbouring region → number of edges shared with ``r``."""
        out: dict[int, int] = {}
        lab = self.label
        for u in self.members[r]:
            for v in self.nbrs(u):
                s = lab[v]
                if s != r:
                    out[s] = out.get(s, 0) + 1
        return out

    def stays_connected(self, u: int) -> bool:
        """Whether u's region stays connected without u (and is not emptied)."""
        r = self.label[u]
        lab = self.label
        targets = [v for v in self.nbrs(u) if lab[v] == r]
        if not targets:
            return False
        if len(targets) == 1:
            return True
        want = set(targets)
        seen = {u, targets[0]}
        want.discard(targets[0])
        queue = deque([targets[0]])
        while queue and want:
            x = queue.popleft()
            for y in self.nbrs(x):
                if y not in seen and lab[y] == r:
                    seen.add(y)
                    want.discard(y)
                    queue.append(y)
        return not want

    def stays_connected_locally(self, u: int) -> bool:
        """A cheap sufficient test: u's neighbours in its region are connected among themselves,
        so removing u cannot disconnect the region. False negatives are fine for refinement."""
        r = self.label[u]
        lab = self.label
        targets = [v for v in self.nbrs(u) if lab[v] == r]
        if len(targets) <= 1:
            return len(targets) == 1
        ring = set(targets)
        seen = {targets[0]}
        stack = [targets[0]]
        while stack:
            x = stack.pop()
            for y in self.nbrs(x):
                if y in ring and y not in seen:
                    seen.add(y)
                    stack.append(y)
        return len(seen) == len(ring)

    def _delta_moved(self, u: int, src: int, dst: int) -> int:
        """Households moved, more (+) or fewer (-), if u goes from src to dst."""
        if self.home is None:
            return 0
        h = self.home[u]
        return self.w[u] * ((h != self.cont.get(dst)) - (h != self.cont.get(src)))

    def _score(self, u: int, src: int, dst: int) -> float:
        lab = self.label
        n_src = n_dst = 0
        for v in self.nbrs(u):
            if lab[v] == src:
                n_src += 1
            elif lab[v] == dst:
                n_dst += 1
        return (n_src - n_dst) * self.edge_cost + self._delta_moved(u, src, dst)

    # -- moves ---------------------------------------------------------------------------------------
    def move(self, u: int, dst: int) -> None:
        src = self.label[u]
        self.members[src].discard(u)
        self.weight[src] -= self.w[u]
        if not self.members[src]:
            del self.members[src], self.weight[src]
            self.cont.pop(src, None)
        self.label[u] = dst
        self.members.setdefault(dst, set()).add(u)
        self.weight[dst] = self.weight.get(dst, 0) + self.w[u]

    def merge(self, src: int, dst: int) -> None:
        for u in sorted(self.members[src]):
            self.move(u, dst)
        self.refresh_continuation(dst)

    def _best_move(self, cands: list[tuple[float, int, int, int]]) -> bool:
        for _, _, u, dst in sorted(cands):
            if self.stays_connected(u):
                self.move(u, dst)
                return True
        return False

    def _moves_out(self, r: int) -> list[tuple[float, int, int, int]]:
        """Border units of r that neighbours with room could take."""
        lab, w, cands = self.label, self.w, []
        for u in self.members[r]:
            if self.weight[r] - w[u] < self.floor:
                continue
            for v in self.nbrs(u):
                s = lab[v]
                if s != r and s not in self.locked and self.weight[s] + w[u] <= self.ceiling:
                    cands.append((self._score(u, r, s), u, u, s))
        return cands

    def _moves_in(self, r: int) -> list[tuple[float, int, int, int]]:
        """Units next to r that neighbours with households to spare could give."""
        lab, w, cands = self.label, self.w, []
        for u in self.members[r]:
            for v in self.nbrs(u):
                s = lab[v]
                if s != r and s not in self.locked and self.weight[s] - w[v] >= self.floor:
                    if self.weight[r] + w[v] <= self.ceiling:
                        cands.append((self._score(v, s, r), v, v, r))
        return cands

    def shed(self, r: int) -> bool:
        """Move border units of an oversized region into neighbours with room; True when in bounds."""
        while self.weight[r] > self.ceiling:
            if not self._best_move(self._moves_out(r)):
                return False
        return True

    def gather(self, r: int) -> bool:
        """Pull border units of neighbours with households to spare into an undersized region."""
        while self.weight[r] < self.floor:
            if not self._best_move(self._moves_in(r)):
                return False
        return True

    def violating(self, regions: Iterable[int] | None = None) -> list[int]:
        pool = self.members.keys() if regions is None else [r for r in regions if r in self.members]
        return sorted(
            r for r in pool if r not in self.locked and not (self.floor <= self.weight[r] <= self.ceiling)
        )

    def repair(self, regions: Iterable[int] | None = None, rounds: int = 3) -> list[int]:
        """Shed and gather until no listed region is out of bounds; return those still out."""
        bad = self.violating(regions)
        for _ in range(rounds):
            if not bad:
                break
            for r in bad:
                if r not in self.members:
                    continue
                if self.weight[r] > self.ceiling:
                    self.shed(r)
                elif self.weight[r] < self.floor:
                    self.gather(r)
            bad = self.violating(bad)
        return bad

    def refine(self, rounds: int = 1) -> int:
        """Move single border units where that shortens borders or returns households to the
        community they came from, keeping every region in bounds and connected. Candidates are found
        with array operations; only they are checked one by one. Returns the number of moves."""
        csr = self.problem.csr
        n = self.problem.n
        rows = np.repeat(np.arange(n), np.diff(csr.indptr))
        cols = csr.indices
        w = self.problem.weights
        total = 0
        for _ in range(rounds):
            lab = np.asarray(self.label, dtype=np.int64)
            lu, lv = lab[rows], lab[cols]
            same = lu == lv
            own = np.bincount(rows[same], minlength=n)
            key = rows[~same] * (int(lab.max()) + 1) + lv[~same]
            keys, cnt = np.unique(key, return_counts=True)
            cu, cr = np.divmod(keys, int(lab.max()) + 1)
            score = (own[cu] - cnt) * self.edge_cost
            ok = np.ones(len(cu), dtype=bool)
            if self.home is not None:
                top = int(lab.max()) + 1
                cont = np.full(top, -3, dtype=np.int64)
                for r, c in self.cont.items():
                    cont[r] = c
                home = np.asarray(self.home, dtype=np.int64)
                delta = w[cu] * ((home[cu] != cont[cr]).astype(int) - (home[cu] != cont[lab[cu]]))
                score = score + delta
                ok = delta <= 0  # least disruption first: shapes never cost moved households
            pick = np.flatnonzero((score < 0) & ok)
            pick = pick[np.lexsort((cu[pick], score[pick]))]
            moved = 0
            for u, dst in zip(cu[pick].tolist(), cr[pick].tolist(), strict=True):
                src = self.label[u]
                if src == dst or src in self.locked or dst in self.locked:
                    continue
                wu = self.w[u]
                if self.weight[src] - wu < self.floor or self.weight[dst] + wu > self.ceiling:
                    continue
                if self._delta_moved(u, src, dst) > 0 or self._score(u, src, dst) >= 0:
                    continue
                if self.stays_connected_locally(u):
                    self.move(u, dst)
                    moved += 1
            total += moved
            if not moved:
                break
        return total

    def array(self) -> np.ndarray:
        return np.asarray(self.label, dtype=np.int64)
