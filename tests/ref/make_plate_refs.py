#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write the independent force-platform references that tests/test_c3d_plates.c compares
gait_c3d_plate_wrench() against. Run from anywhere: /usr/bin/python3 tests/ref/make_plate_refs.py
(numpy from Debian; python3-xlrd for the c3d.org spreadsheet, optional).

The recordings are read from ../shared/data beside the project (or $GAIT_SHARED_DATA); none is
copied into the repository. Everything here is written from the C3D specification and the
conventions comment of include/gait/forceplate.h, with its own C3D reader: the project is not
imported.

C3D reading: header (parameter block, word 10 = analog samples per frame), parameter section
(processor byte 84 Intel, 85 DEC, 86 MIPS; groups and parameters, CHAR/BYTE/INT/REAL),
data section (int16 or float32 by the sign of POINT:SCALE, DEC floats converted from VAX F),
analog values = (raw - OFFSET) * SCALE * GEN_SCALE (raw unsigned for int16 data when
ANALOG:FORMAT is UNSIGNED).

Plates: the corners give the plate axes (x along (c1-c2)+(c4-c3), y along (c1-c4)+(c2-c3), made
orthonormal by the closest orthonormal pair (SVD polar factor), z = x cross y) and the surface
centre S (corner mean). Types 2/4: moment about S = M_O + F x s, s = ORIGIN, negated when its z is
positive; type 4 first applies CAL_MATRIX, stored with the output row as its fastest index. Type
3: F and M_O from the eight Kistler channels with a, b = ORIGIN x, y; s = (0, 0, -|az0|). COP =
S + R (-M_y/F_z, M_x/F_z, 0) and free moment = -(M_z - (cop x F)_z) for z down (the moment about
the upward normal), both NaN where |F_z| < 20 N. Channel units: N, Nmm, Nm from ANALOG:UNITS;
an unrecognised unit ("V" in Qualisys files) is taken as N for forces.

Outputs (tests/ref):
  plates_<name>.txt   lab-frame force (N), moment about S (N m), COP (m), free moment (N m) of
                      every plate at a handful of samples: loading onset, quartiles of the
                      stance, peak, unloading, one unloaded sample (COP NaN).
  plates_type4_xls.txt  c3d.org TYPE-4.XLS: the TYPE-4 scale factors, the sheet's
                      FORCE_PLATFORM:CAL_MATRIX table, its 22 test patterns of raw counts and the
                      outputs the sheet computes from them; and the entries where TYPE-4.C3D's
                      stored CAL_MATRIX disagrees with the sheet by more than its 3-decimal
                      rounding."""
import os
import struct
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DATA = os.environ.get("GAIT_SHARED_DATA") or os.path.join(ROOT, "..", "shared", "data")

THRESHOLD_N = 20.0  # COP gating, the library's default
LOADED_N = 50.0  # samples chosen for the tests are well above (or below) the gate

CASES = [
    # (reference file, recording under ../shared/data)
    ("plates_qualisys.txt", "ezc3d-testfiles/Qualisys.c3d"),
    ("plates_type4.txt", "c3dorg-format-edgecases/sample10/TYPE-4.C3D"),
    ("plates_type2.txt", "c3dorg-format-edgecases/sample10/TYPE-2.C3D"),
    ("plates_type4a.txt", "c3dorg-format-edgecases/sample10/type-4a.c3d"),
    ("plates_type2a.txt", "c3dorg-format-edgecases/sample10/type-2a.c3d"),
    ("plates_running_kistler.txt", "pyorerun-running-c3d/Running_0002.c3d"),
    ("plates_kistler.txt", "ezc3d-testfiles/Kistler.c3d"),
]


# ---- C3D ----


def vax_to_float(raw):
    """DEC (VAX F) floats: the two 16-bit words of an IEEE single swapped, exponent bias 2
    higher (value / 4); exponent 0 is zero."""
    words = np.frombuffer(raw, dtype="<u2").reshape(-1, 2)
    bits = (words[:, 0].astype(np.uint32) << 16) | words[:, 1].astype(np.uint32)
    values = bits.view("<f4").astype(np.float64) / 4.0
    values[((bits >> 23) & 0xFF) == 0] = 0.0
    return values


class C3D:
    def __init__(self, path):
        with open(path, "rb") as f:
            self.bytes = f.read()
        b = self.bytes
        param_at = (b[0] - 1) * 512
        self.processor = {84: "intel", 85: "dec", 86: "mips"}[b[param_at + 3]]
        self.endian = ">" if self.processor == "mips" else "<"
        self.header_first_frame = self._u16(6)
        self.header_last_frame = self._u16(8)
        self.header_analog_per_frame = self._u16(4)
        self.header_data_block = self._u16(16)
        self.header_points = self._u16(2)
        self.params = self._read_params(param_at + 4)

    def _u16(self, at):
        return struct.unpack(self.endian + "H", self.bytes[at : at + 2])[0]

    def _floats(self, raw):
        if self.processor == "dec":
            return vax_to_float(raw)
        return np.frombuffer(raw, dtype=self.endian + "f4").astype(np.float64)

    def _read_params(self, at):
        b = self.bytes
        groups, found = {}, []
        while at + 2 <= len(b):
            name_len = abs(struct.unpack("b", b[at : at + 1])[0])
            group_id = struct.unpack("b", b[at + 1 : at + 2])[0]
            if name_len == 0:
                break
            name = b[at + 2 : at + 2 + name_len].decode("latin-1").upper()
            link_at = at + 2 + name_len
            offset = struct.unpack(self.endian + "h", b[link_at : link_at + 2])[0]
            body = link_at + 2
            if group_id < 0:
                groups[-group_id] = name
            else:
                kind = struct.unpack("b", b[body : body + 1])[0]
                n_dims = b[body + 1]
                dims = list(b[body + 2 : body + 2 + n_dims])
                count = int(np.prod(dims)) if n_dims else 1
                raw = b[body + 2 + n_dims : body + 2 + n_dims + abs(kind) * count]
                if kind == -1:
                    value = raw
                elif kind == 1:
                    value = np.frombuffer(raw, dtype="i1").astype(np.float64)
                elif kind == 2:
                    value = np.frombuffer(raw, dtype=self.endian + "i2").astype(np.float64)
                else:
                    value = self._floats(raw)
                found.append((group_id, name, kind, dims, value))
            if offset <= 0:
                break
            at = link_at + offset
        return {(groups[g], n): (k, d, v) for g, n, k, d, v in found if g in groups}

    def has(self, group, name):
        return (group, name) in self.params

    def numbers(self, group, name, default=None):
        if not self.has(group, name):
            return default
        return self.params[(group, name)][2]

    def number(self, group, name, default):
        values = self.numbers(group, name)
        return float(values[0]) if values is not None and len(values) else default

    def dims(self, group, name):
        return self.params[(group, name)][1]

    def strings(self, group, name):
        if not self.has(group, name):
            return []
        _, dims, raw = self.params[(group, name)]
        width = dims[0] if dims else len(raw)
        count = int(np.prod(dims[1:])) if len(dims) > 1 else 1
        return [
            raw[i * width : (i + 1) * width].decode("latin-1").rstrip(" \0") for i in range(count)
        ]

    def analog(self):
        """Scaled analog samples, n_samples x n_channels, and the samples per point frame."""
        n_points = int(self.number("POINT", "USED", self.header_points))
        n_channels = int(self.number("ANALOG", "USED", 0))
        per_frame = self.header_analog_per_frame // n_channels
        is_float = self.number("POINT", "SCALE", 1.0) < 0
        word = 4 if is_float else 2
        frame_bytes = (4 * n_points + n_channels * per_frame) * word
        start_block = int(self.number("POINT", "DATA_START", self.header_data_block))
        start = (start_block - 1) * 512
        n_frames = int(self.number("POINT", "FRAMES", 0)) % 65536 or (
            self.header_last_frame - self.header_first_frame + 1
        )
        n_frames = min(n_frames, (len(self.bytes) - start) // frame_bytes)
        raw = self.bytes[start : start + n_frames * frame_bytes]
        fmt = self.strings("ANALOG", "FORMAT")
        unsigned = bool(fmt) and fmt[0].strip().upper() == "UNSIGNED"
        if is_float:
            values = self._floats(raw)
        else:
            values = np.frombuffer(raw, dtype=self.endian + ("u2" if unsigned else "i2"))
            values = values.astype(np.float64)
        values = values.reshape(n_frames, -1)[:, 4 * n_points :]
        values = values.reshape(n_frames * per_frame, n_channels)
        scale = self.numbers("ANALOG", "SCALE", np.ones(n_channels))[:n_channels]
        offset = self.numbers("ANALOG", "OFFSET", np.zeros(n_channels))[:n_channels]
        if unsigned and not is_float:
            offset = np.where(offset < 0, offset + 65536, offset)
        gen_scale = self.number("ANALOG", "GEN_SCALE", 1.0)
        return (values - offset) * scale * gen_scale, per_frame

    def point_unit_m(self):
        units = self.strings("POINT", "UNITS")
        unit = units[0].strip().lower() if units else "mm"
        return {"mm": 1e-3, "cm": 1e-2, "m": 1.0}.get(unit, 1e-3)


# ---- plates ----


def plate_frame(corners_m):
    """Plate axes (columns of R, lab frame) and the surface centre S."""
    c = np.asarray(corners_m, dtype=np.float64)
    x = (c[0] - c[1]) + (c[3] - c[2])
    y = (c[0] - c[3]) + (c[1] - c[2])
    pair = np.column_stack([x / np.linalg.norm(x), y / np.linalg.norm(y)])
    u, _, vt = np.linalg.svd(pair, full_matrices=False)
    q = u @ vt  # the orthonormal pair closest to (x, y): symmetric in the two edges
    return np.column_stack([q[:, 0], q[:, 1], np.cross(q[:, 0], q[:, 1])]), c.mean(axis=0)


UNIT_SI = {"n": 1.0, "nt": 1.0, "nmm": 1e-3, "n.mm": 1e-3, "ntmm": 1e-3, "nm": 1.0, "n.m": 1.0}


def unit_factor(unit, is_force, length_m):
    factor = UNIT_SI.get(unit.replace(" ", "").lower())
    if factor is not None and (factor == 1.0 or not is_force):
        return factor
    return 1.0 if is_force else length_m


def plate_wrenches(c3d):
    """[(force, moment_S, cop, free)] per plate, lab frame, SI, every analog sample."""
    analog, _ = c3d.analog()
    length_m = c3d.point_unit_m()
    units = c3d.strings("ANALOG", "UNITS")
    n_plates = int(c3d.number("FORCE_PLATFORM", "USED", 0))
    types = c3d.numbers("FORCE_PLATFORM", "TYPE")
    corners = c3d.numbers("FORCE_PLATFORM", "CORNERS").reshape(-1, 4, 3) * length_m
    origins = c3d.numbers("FORCE_PLATFORM", "ORIGIN").reshape(-1, 3) * length_m
    channel_rows = c3d.dims("FORCE_PLATFORM", "CHANNEL")[0]
    channels = c3d.numbers("FORCE_PLATFORM", "CHANNEL").reshape(-1, channel_rows).astype(int) - 1
    out = []
    for p in range(n_plates):
        kind = int(types[p])
        n = 8 if kind == 3 else 6
        index = channels[p, :n]
        ch = analog[:, index].copy()
        is_force = [True] * 8 if kind == 3 else [k < 3 for k in range(6)]
        factors = np.array([unit_factor(units[i], is_force[k], length_m) for k, i in enumerate(index)])
        o = origins[p]
        if kind == 3:
            a, b = o[0], o[1]
            force = np.column_stack([ch[:, 0] + ch[:, 1], ch[:, 2] + ch[:, 3], ch[:, 4:8].sum(axis=1)])
            moment_o = np.column_stack(
                [
                    b * (ch[:, 4] + ch[:, 5] - ch[:, 6] - ch[:, 7]),
                    a * (ch[:, 5] + ch[:, 6] - ch[:, 4] - ch[:, 7]),
                    b * (ch[:, 1] - ch[:, 0]) + a * (ch[:, 2] - ch[:, 3]),
                ]
            )
            s = np.array([0.0, 0.0, -abs(o[2])])
        else:
            if kind == 4:
                dims = c3d.dims("FORCE_PLATFORM", "CAL_MATRIX")
                block = c3d.numbers("FORCE_PLATFORM", "CAL_MATRIX")[
                    p * dims[0] * dims[1] : (p + 1) * dims[0] * dims[1]
                ]
                # Fortran order: the first (fastest) index is the output row.
                cal = block.reshape(dims[1], dims[0]).T[:6, :6]
                out6 = (ch @ cal.T) * factors
            else:
                out6 = ch * factors
            force, moment_o = out6[:, :3], out6[:, 3:6]
            s = -o if o[2] > 0 else o
        moment = moment_o + np.cross(force, s)
        rotation, centre = plate_frame(corners[p])
        fz = force[:, 2]
        ok = np.abs(fz) >= THRESHOLD_N
        with np.errstate(divide="ignore", invalid="ignore"):
            cop = np.column_stack([-moment[:, 1] / fz, moment[:, 0] / fz, np.zeros_like(fz)])
            tz = moment[:, 2] - (cop[:, 0] * force[:, 1] - cop[:, 1] * force[:, 0])
            cop_lab = cop @ rotation.T + centre
        free = np.where(fz > 0, tz, -tz)
        cop_lab[~ok] = np.nan
        free[~ok] = np.nan
        out.append((force @ rotation.T, moment @ rotation.T, cop_lab, free, np.abs(fz)))
    return out


def pick_samples(normal):
    """Loading onset, stance quartiles, peak, unloading and one unloaded sample (COP NaN), on
    the longest run above LOADED_N; two unloaded samples when the plate is never loaded."""
    loaded = normal > LOADED_N
    picks = []
    if loaded.any():
        best, start = (0, 0), None
        for i, on in enumerate(np.append(loaded, False)):
            if on and start is None:
                start = i
            elif not on and start is not None:
                if i - start > best[1] - best[0]:
                    best = (start, i)
                start = None
        a, b = best
        picks += [a, a + (b - a) // 4, a + (b - a) // 2, a + 3 * (b - a) // 4, b - 1]
        picks.append(int(a + np.argmax(normal[a:b])))
    quiet = np.flatnonzero(normal < THRESHOLD_N / 2)
    if quiet.size:
        picks += [int(quiet[0])] if loaded.any() else [int(quiet[0]), int(quiet[-1])]
    return sorted(set(picks))


def g(v):
    return "nan" if not np.isfinite(v) else f"{v:.17g}"


def write_case(name, relative):
    c3d = C3D(os.path.join(DATA, relative))
    plates = plate_wrenches(c3d)
    lines = [
        f"# {relative}: numpy reference of libgait's plate conventions (tests/ref/make_plate_refs.py)",
        f"# numpy {np.__version__}; lab frame; COP and free moment NaN where |F normal| < {THRESHOLD_N:g} N",
        "# file <recording under ../shared/data>",
        "# then: plate(0-based) sample fx fy fz (N) mx my mz (N m, about the surface centre)"
        " copx copy copz (m) free_moment (N m, about the upward normal)",
        f"file {relative}",
    ]
    for p, (force, moment, cop, free, normal) in enumerate(plates):
        for k in pick_samples(normal):
            values = list(force[k]) + list(moment[k]) + list(cop[k]) + [free[k]]
            lines.append(f"{p} {k} " + " ".join(g(v) for v in values))
    with open(os.path.join(HERE, name), "w", encoding="ascii") as f:
        f.write("\n".join(lines) + "\n")


# ---- c3d.org TYPE-4.XLS ----


def write_xls_reference():
    """The sheet 'C3D Force plate calculations' of TYPE-4.XLS (7 March 2003): TYPE-4 ANALOG:SCALE
    (N14:N19 in the sheet's own column O), OFFSET and GEN_SCALE, its FORCE_PLATFORM:CAL_MATRIX
    table (rows = channels Fx'..Mz', columns = outputs Fx..Mz, moment columns x 1000 for N mm),
    the 22 test patterns of raw counts and the 'Scaled Values - TYPE-4' the sheet computes."""
    try:
        import xlrd
    except ImportError:
        print("python3-xlrd is not installed: plates_type4_xls.txt left as it is", file=sys.stderr)
        return
    folder = os.path.join(DATA, "c3dorg-format-edgecases", "sample10")
    sheet = xlrd.open_workbook(os.path.join(folder, "TYPE-4.XLS")).sheet_by_index(0)
    cell = sheet.cell_value
    assert cell(4, 14) == "TYPE-4" and cell(12, 9).startswith("C3D TYPE-4 Plates (CAL_MATRIX)")
    assert [cell(13, 9 + j) for j in range(6)] == ["Fx", "Fy", "Fz", "Mx", "My", "Mz"]
    assert cell(21, 9) == "Scaled Values - TYPE-4" and cell(22, 0) == "Frames"
    scale = [cell(5 + i, 14) for i in range(6)]
    gen_scale = cell(9, 4)
    offset = cell(10, 4)
    table = np.array([[cell(14 + i, 9 + j) for j in range(6)] for i in range(6)])
    patterns = []
    for r in range(23, sheet.nrows):
        if cell(r, 0) == "":
            break
        raw = [cell(r, 1 + j) for j in range(6)]
        out = [cell(r, 9 + j) for j in range(6)]
        patterns.append((int(cell(r, 0)), raw, out))

    # The sheet's own arithmetic, re-done: out_j = sum_i table[i][j] (raw_i - offset) scale_i.
    for _, raw, out in patterns:
        ch = (np.array(raw) - offset) * np.array(scale) * gen_scale
        assert np.allclose(ch @ table, out, rtol=1e-12, atol=1e-9), "sheet arithmetic not understood"

    # TYPE-4.C3D's CAL_MATRIX in the same layout (its flat order is the sheet table row by row).
    c3d = C3D(os.path.join(folder, "TYPE-4.C3D"))
    stored = c3d.numbers("FORCE_PLATFORM", "CAL_MATRIX")[:36].reshape(6, 6)
    rounding = 5e-4 + 2.0**-24 * np.abs(stored)  # 3 printed decimals, then float32
    bad = np.argwhere(np.abs(stored - table) > rounding)

    lines = [
        "# c3d.org sample10 TYPE-4.XLS (updated 7 March 2003), read with xlrd by make_plate_refs.py",
        "# scale: ANALOG:SCALE of the TYPE-4 channels Fx Fy Fz Mx My Mz (the sheet's; TYPE-4.C3D",
        "#   stores about half of these); offset and gen_scale: ANALOG:OFFSET, ANALOG:GEN_SCALE",
        "# table <channel 0-5> <output 0-5> value: the sheet's FORCE_PLATFORM:CAL_MATRIX, rows =",
        "#   channels Fx'..Mz', columns = outputs Fx..Mz (N, and N mm for the moment columns);",
        "#   outputs = sum over channels of table[channel][output] x (raw - offset) x scale x gen_scale",
        "# pattern <frame> raw x6 (counts) then the sheet's TYPE-4 outputs x6 (N, N mm)",
        "# stored <channel> <output> <TYPE-4.C3D value> <sheet value>: entries where TYPE-4.C3D's",
        "#   CAL_MATRIX differs from the sheet by more than 3-decimal rounding",
        "scale " + " ".join(g(v) for v in scale),
        f"offset {g(offset)}",
        f"gen_scale {g(gen_scale)}",
    ]
    for i in range(6):
        for j in range(6):
            lines.append(f"table {i} {j} {g(table[i, j])}")
    for frame, raw, out in patterns:
        lines.append(f"pattern {frame} " + " ".join(g(v) for v in raw + out))
    for i, j in bad:
        lines.append(f"stored {i} {j} {g(stored[i, j])} {g(table[i, j])}")
        print(
            f"TYPE-4.C3D CAL_MATRIX channel {i} output {j}: file {stored[i, j]:.6g}, "
            f"sheet {table[i, j]:.6g}",
            file=sys.stderr,
        )
    with open(os.path.join(HERE, "plates_type4_xls.txt"), "w", encoding="ascii") as f:
        f.write("\n".join(lines) + "\n")


def main():
    if not os.path.isdir(DATA):
        sys.exit(f"no recordings at {DATA}")
    for name, relative in CASES:
        write_case(name, relative)
    write_xls_reference()


if __name__ == "__main__":
    main()
