#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Independent numpy/scipy reference for the ankle: joint centre, shank and foot frames, ISB angles
and the internal ankle moment by Newton-Euler of the foot, validated against the Vicon Plug-in Gait
(PiG) outputs stored in ../shared/data/btk-gait-c3d/PiG_Motion-FlatFoot-Full.c3d and PiG_Motion3_FF.c3d,
and used as a benchmark reference for running C3Ds (ankle_pipeline) and for the OpenSim gait2354
walking trial. Run: /usr/bin/python3 tests/ref/pig_ankle_reference.py [--validate] [--opensim]

The recordings are read from ../shared/data beside the project (or $GAIT_SHARED_DATA); nothing is
copied into the repository. C3D and force plates: tests/ref/make_plate_refs.py (C3D,
plate_wrenches), imported; only the POINT section reader is added here.

What was found to reproduce PiG (see validate_pig(); numbers in the report of the commit):
  * tibia (LTIO..LTIP): origin AJC; z (P) = AJC -> KJC; y (L) = unit(ANK - AJC) on the left,
    unit(AJC - ANK) on the right (pointing left on both sides); x (A) = y x z.
  * AJC = chord(KJC, ANK, TIB, AnkleWidth/2 + marker radius): in the plane (KJC, ANK, TIB),
    |AJC - ANK| = offset, (AJC - ANK) perpendicular to (AJC - KJC), on the side of the KJC-ANK line
    away from TIB. KJC = PiG femur origin (LFEO), itself the chord of HJC, KNE, THI.
  * foot (LFOA/LFOL/LFOP about LFOO): uncorrected z0 = unit(AJC - TOE), x0 = unit(y_tibia x z0),
    y0 = z0 x x0; R_foot = [x0 y0 z0] Ry(-StaticPlantFlex) Rx(-s StaticRotOff), s = +1 left, -1
    right (radians as stored in PROCESSING). PiG foot axes: x up, y left, z posterior.
  * L/RAnkleAngles: R_tibia^T R_foot = Ry(a) Rx(b) Rz(c) (PiG axes); X = -a - 90 deg
    (dorsiflexion +), Y = s c, Z = s b (s = -1 left, +1 right) -> X = dorsiflexion, Y = -inversion
    (ISB), Z = internal rotation (differs from ISB y-x-z by the order of the last two rotations).
  * L/RAnkleMoment: N mm per kg of body mass (POINT:MOMENT_UNITS 'Nmm' is wrong by 1/kg); the
    internal moment m on the foot at the AJC in PiG foot axes (A up, L left, P posterior):
    X = m.L (plantarflexor +), Y = -s m.P, Z = s m.A (s = +1 left, -1 right), i.e. in library
    terms X = plantarflexion, Y = -inversion (eversion +), Z = -internal rotation. Plates
    low-passed ~50 Hz at the analog rate (2nd-order Butterworth, filtfilt) and sampled at each
    marker frame; markers used as stored; foot weight and inertia included (PiG's foot: 1.45 %
    body mass, COM half way AJC -> TOE, fits better than de Leva; both are within the targets).
"""
import os
import sys

import numpy as np
from scipy.signal import butter, filtfilt

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_plate_refs import C3D, plate_wrenches  # noqa: E402

ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DATA = os.environ.get("GAIT_SHARED_DATA") or os.path.join(ROOT, "..", "shared", "data")
G = 9.80665
THRESHOLD_N = 20.0  # COP gating and stance threshold (plate_wrenches uses the same)
MARKER_RADIUS_M = 0.007  # PiG default 14 mm markers (PROCESSING has no MarkerDiameter here)

# de Leva (1996) foot
FOOT_MASS_FRACTION = 0.0137
FOOT_COM_FROM_HEEL = 0.4415
FOOT_GYRATION = {"ml": 0.257, "vertical": 0.245, "long": 0.124}


# ---------------------------------------------------------------- reading


def read_points(c3d):
    """POINT data: {label: n x 3 array in metres, NaN where the residual word is negative}."""
    n_points = int(c3d.number("POINT", "USED", c3d.header_points))
    n_channels = int(c3d.number("ANALOG", "USED", 0))
    per_frame = c3d.header_analog_per_frame // n_channels if n_channels else 0
    scale = c3d.number("POINT", "SCALE", 1.0)
    is_float = scale < 0
    word = 4 if is_float else 2
    frame_bytes = (4 * n_points + n_channels * per_frame) * word
    start = (int(c3d.number("POINT", "DATA_START", c3d.header_data_block)) - 1) * 512
    n_frames = int(c3d.number("POINT", "FRAMES", 0)) % 65536 or (
        c3d.header_last_frame - c3d.header_first_frame + 1
    )
    n_frames = min(n_frames, (len(c3d.bytes) - start) // frame_bytes)
    raw = c3d.bytes[start : start + n_frames * frame_bytes]
    if is_float:
        values = c3d._floats(raw)
    else:
        values = np.frombuffer(raw, dtype=c3d.endian + "i2").astype(np.float64)
    values = values.reshape(n_frames, -1)[:, : 4 * n_points].reshape(n_frames, n_points, 4)
    xyz = values[:, :, :3] * (1.0 if is_float else abs(scale))
    if not is_float:
        residual = values[:, :, 3]
    else:
        residual = values[:, :, 3]
    xyz[residual < 0] = np.nan
    labels = c3d.strings("POINT", "LABELS") + c3d.strings("POINT", "LABELS2")
    unit = c3d.point_unit_m()
    return {lab.split(":")[-1]: xyz[:, i] * unit for i, lab in enumerate(labels[:n_points])}


def read_points_raw(c3d):
    """POINT data in the stored units (no mm -> m), for model outputs (angles, moments)."""
    unit = c3d.point_unit_m()
    return {k: v / unit for k, v in read_points(c3d).items()}


class FilteredC3D(C3D):
    """A C3D whose analog channels are low-passed (zero-lag Butterworth) before the plate
    computation: the plate wrench is linear in the channels, so this is filtering F and M."""

    def __init__(self, path, cutoff_hz=None, order=2):
        super().__init__(path)
        self.cutoff_hz, self.order = cutoff_hz, order

    def analog(self):
        values, per_frame = super().analog()
        if self.cutoff_hz:
            rate = self.number("ANALOG", "RATE", 0.0) or per_frame * self.number("POINT", "RATE", 0)
            values = lowpass(values, self.cutoff_hz, rate, self.order)
        return values, per_frame


def read_table(path):
    """OpenSim .mot/.sto or TRC as (names, array)."""
    with open(path, encoding="latin-1") as f:
        lines = f.read().splitlines()
    if path.lower().endswith(".trc"):
        markers = [n.strip() for n in lines[3].split("\t")[2:] if n.strip()]
        width = 2 + 3 * len(markers)
        rows = []
        for ln in lines[5:]:
            if ln.strip():
                v = [float(t) if t.strip() else np.nan for t in ln.split("\t")][:width]
                rows.append(v + [np.nan] * (width - len(v)))
        return markers, np.array(rows)
    end = next(i for i, ln in enumerate(lines) if ln.strip().lower() == "endheader")
    names = lines[end + 1].split()
    data = np.array([list(map(float, ln.split())) for ln in lines[end + 2 :] if ln.strip()])
    return names, data


# ---------------------------------------------------------------- signal


def lowpass(x, cutoff_hz, rate_hz, order=2, axis=0):
    """Zero-lag Butterworth (filtfilt, odd padding); NaN gaps are bridged linearly for the filter
    and put back afterwards. order 2 run forward and back = 4th order."""
    x = np.asarray(x, dtype=np.float64)
    if not cutoff_hz or cutoff_hz >= rate_hz / 2:
        return x.copy()
    b, a = butter(order, cutoff_hz / (rate_hz / 2))
    moved = np.moveaxis(x, axis, 0)
    flat = moved.reshape(moved.shape[0], -1).copy()
    bad = ~np.isfinite(flat)
    out = np.full_like(flat, np.nan)
    t = np.arange(flat.shape[0])
    for j in range(flat.shape[1]):  # per channel only (not per sample)
        ok = ~bad[:, j]
        if ok.sum() < 3 * max(len(a), len(b)) + 1:
            continue
        first, last = np.flatnonzero(ok)[[0, -1]]
        seg = np.interp(t[first : last + 1], t[ok], flat[ok, j])
        out[first : last + 1, j] = filtfilt(b, a, seg, padtype="odd")
    out[bad] = np.nan
    return np.moveaxis(out.reshape(moved.shape), 0, axis)


def unit(v):
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def columns(x, y, z):
    """n x 3 x 3 rotation with columns x, y, z."""
    return np.stack([x, y, z], axis=-1)


def rot_y(angle):
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])


def rot_x(angle):
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])


# ---------------------------------------------------------------- PiG geometry


def chord(joint, marker, wand, offset):
    """PiG chord function: the point X in the plane (joint, marker, wand) with |X - marker| =
    offset and (X - marker) perpendicular to (X - joint), on the side of the joint-marker line
    away from the wand marker. All n x 3 (offset scalar or n)."""
    e = joint - marker
    length = np.linalg.norm(e, axis=-1, keepdims=True)
    e = e / length
    w = wand - marker
    n = w - np.sum(w * e, axis=-1, keepdims=True) * e
    n = -unit(n)  # away from the wand
    cos_phi = np.asarray(offset)[..., None] / length if np.ndim(offset) else offset / length
    sin_phi = np.sqrt(np.clip(1 - cos_phi**2, 0, None))
    return marker + offset_col(offset) * (cos_phi * e + sin_phi * n)


def offset_col(offset):
    return np.asarray(offset)[..., None] if np.ndim(offset) else offset


def pig_tibia(ajc, kjc, ank, side):
    """PiG tibia axes (x anterior, y left, z proximal) as n x 3 x 3."""
    z = unit(kjc - ajc)
    y = unit(ank - ajc) if side == "L" else unit(ajc - ank)
    y = unit(y - np.sum(y * z, axis=-1, keepdims=True) * z)
    return columns(np.cross(y, z), y, z)


def pig_foot(ajc, toe, tibia_y, side, plant_flex=0.0, rot_off=0.0):
    """PiG foot axes (x up, y left, z posterior = TOE -> AJC) with the static offsets (rad)."""
    z0 = unit(ajc - toe)
    x0 = unit(np.cross(tibia_y, z0))
    y0 = np.cross(z0, x0)
    s = 1.0 if side == "L" else -1.0
    offset = rot_y(-plant_flex) @ rot_x(-s * rot_off)
    return columns(x0, y0, z0) @ offset


def pig_foot_to_lib(foot_pig):
    """PiG foot axes (up, left, posterior) -> library foot axes (toes, left, up)."""
    return columns(-foot_pig[..., 2], foot_pig[..., 1], foot_pig[..., 0])


def kjc_from_knee_marker(kne, ank, tib, knee_offset, ankle_offset, side, iterations=3):
    """KJC without a hip model: KNE moved medially by knee_offset along the tibia's y, the tibia
    rebuilt from the chord AJC; a few fixed-point iterations (exact when the knee marker lies on
    the tibia's y axis, i.e. no femur/tibia axial rotation)."""
    kjc = kne.copy()
    for _ in range(iterations):
        ajc = chord(kjc, ank, tib, ankle_offset)
        y = pig_tibia(ajc, kjc, ank, side)[..., 1]
        medial = -y if side == "L" else y
        kjc = kne + knee_offset * medial
    return kjc


# ---------------------------------------------------------------- angles


def ankle_angles_isb(shank, foot, side):
    """ISB (library) ankle angles, deg: R_shank^T R_foot = Ry(-df) Rx(s inv) Rz(s ir), s = +1
    right, -1 left; both in library axes (x anterior, y left, z up). Returns n x 3
    [dorsiflexion, inversion, internal rotation]."""
    r = np.einsum("nji,njk->nik", shank, foot)
    s = 1.0 if side == "R" else -1.0
    b = np.arcsin(np.clip(-r[:, 1, 2], -1, 1))
    a = np.arctan2(r[:, 0, 2], r[:, 2, 2])
    c = np.arctan2(r[:, 1, 0], r[:, 1, 1])
    return np.degrees(np.column_stack([-a, s * b, s * c]))


def ankle_angles_pig(tibia_pig, foot_pig, side):
    """PiG L/RAnkleAngles from PiG axes: R = Ry(a) Rx(b) Rz(c); X = -a - 90, Y = s c, Z = s b."""
    r = np.einsum("nji,njk->nik", tibia_pig, foot_pig)
    s = -1.0 if side == "L" else 1.0
    b = np.arcsin(np.clip(-r[:, 1, 2], -1, 1))
    a = np.arctan2(r[:, 0, 2], r[:, 2, 2])
    c = np.arctan2(r[:, 1, 0], r[:, 1, 1])
    a = np.where(a > np.pi / 2, a - 2 * np.pi, a)  # keep X near 0 for a near -90 deg
    return np.degrees(np.column_stack([-a - np.pi / 2, s * c, s * b]))


# ---------------------------------------------------------------- dynamics


def foot_inertia(body_mass, foot_length):
    """de Leva foot: mass, and inertia about the COM in library foot axes (x long, y ML, z vert)."""
    mass = FOOT_MASS_FRACTION * body_mass
    k = FOOT_GYRATION
    inertia = mass * foot_length**2 * np.diag([k["long"] ** 2, k["ml"] ** 2, k["vertical"] ** 2])
    return mass, inertia


def angular_kinematics(rot, rate):
    """omega and alpha (lab frame, rad/s, rad/s^2) from n x 3 x 3 rotations, 2nd-order
    differences (np.gradient)."""
    dt = 1.0 / rate
    rdot = np.gradient(rot, dt, axis=0)
    w = np.einsum("nij,nkj->nik", rdot, rot)  # Rdot R^T = skew(omega)
    omega = 0.5 * np.column_stack([w[:, 2, 1] - w[:, 1, 2], w[:, 0, 2] - w[:, 2, 0], w[:, 1, 0] - w[:, 0, 1]])
    return omega, np.gradient(omega, dt, axis=0)


def foot_inverse_dynamics(rot, ajc, com, grf, cop, free, mass, inertia_local, rate, gravity, inertial=True):
    """Internal ankle moment (lab, N m) and joint force on the foot, per frame. grf: force on the
    foot (0 without contact), cop: NaN without contact, free: free moment vector (lab)."""
    cop = np.where(np.isfinite(cop), cop, com)
    free = np.nan_to_num(free)
    if inertial:
        acc = np.gradient(np.gradient(com, 1.0 / rate, axis=0), 1.0 / rate, axis=0)
        omega, alpha = angular_kinematics(rot, rate)
        i_lab = np.einsum("nij,jk,nlk->nil", rot, inertia_local, rot)
        dh = np.einsum("nij,nj->ni", i_lab, alpha) + np.cross(omega, np.einsum("nij,nj->ni", i_lab, omega))
    else:
        acc = np.zeros_like(com)
        dh = np.zeros_like(com)
    force = mass * (acc - gravity) - grf
    moment = dh - np.cross(cop - com, grf) - np.cross(ajc - com, force) - free
    return moment, force


def resolve_moment(moment_lab, foot_lib, side):
    """[plantarflexion +, inversion +, internal rotation +] of the internal moment in the library
    foot axes (x toes, y left, z up), left mirrored."""
    local = np.einsum("nji,nj->ni", foot_lib, moment_lab)
    s = 1.0 if side == "R" else -1.0
    return np.column_stack([local[:, 1], s * local[:, 0], s * local[:, 2]])


# ---------------------------------------------------------------- plates and stances


def plates_at_frames(c3d_path, cutoff_hz, order=2):
    """Per plate: force on the foot (N), COP (m, NaN below THRESHOLD_N), free moment vector (N m),
    all lab frame at each marker frame (analog sample k * per_frame after filtering)."""
    c3d = FilteredC3D(c3d_path, cutoff_hz, order)
    wrenches = plate_wrenches(c3d)
    _, per = c3d.analog()
    out = []
    for force, _, cop, free, _ in wrenches:
        normal = unit(np.nanmean(force[np.linalg.norm(force, axis=1) > 50], axis=0)) if (
            np.linalg.norm(force, axis=1) > 50
        ).any() else np.array([0, 0, 1.0])
        f, c, t = force[::per], cop[::per], free[::per]
        out.append((f, c, np.nan_to_num(t)[:, None] * normal[None, :] * np.isfinite(c[:, :1]), normal))
    return out


def runs(mask, min_len):
    edges = np.diff(np.concatenate([[0], mask.astype(int), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return [(a, b) for a, b in zip(starts, ends) if b - a >= min_len]


# ---------------------------------------------------------------- marker sets


PIG = {"ank": "ANK", "hee": "HEE", "toe": "TOE", "kne": "KNE", "tib": "TIB"}
SPRINT = {"ank": "LMAL", "hee": "HEEL", "toe": "TOE", "kne": "LEPI", "mt1": "P1MT", "mt5": "P5MT"}
QUALISYS = {"ank": "AnkleLat", "hee": "Heel", "toe": "PHAL2", "kne": "KneeLat", "mt1": "MT1", "mt5": "MT5"}


def leg_markers(points, side):
    for name, table in (("pig", PIG), ("sprint", SPRINT), ("qualisys", QUALISYS)):
        labels = {k: side + v for k, v in table.items()}
        if all(lab in points for lab in labels.values()):
            return name, {k: points[lab] for k, lab in labels.items()}
    return None, None


def processing(c3d, name, default):
    return c3d.number("PROCESSING", name, default) if c3d.has("PROCESSING", name) else default


def leg_frames(c3d, points, side, marker_radius=MARKER_RADIUS_M, kjc=None, offsets=True, foot_kind="pig"):
    """Shank and foot frames (library axes) and AJC from markers. PiG markers: the PiG chord
    construction (KJC from `kjc` if given, else KNE moved medially) and the PiG foot with the
    static offsets (foot_kind 'pig') or the heel->toe foot ('lib'). Other sets (lateral markers
    only): AJC / KJC = lateral marker moved medially by default half widths along the medial
    direction of the metatarsal heads; foot x = heel -> toe, y from the metatarsal heads."""
    kind, m = leg_markers(points, side)
    if kind is None:
        return None
    s = "L" if side == "L" else "R"
    width = processing(c3d, s + "ANKLEWIDTH", 70.0) / 1000.0
    knee_width = processing(c3d, s + "KNEEWIDTH", 100.0) / 1000.0
    ankle_offset = width / 2 + marker_radius
    knee_offset = knee_width / 2 + marker_radius
    if kind == "pig":
        if kjc is None:
            kjc = kjc_from_knee_marker(m["kne"], m["ank"], m["tib"], knee_offset, ankle_offset, s)
        ajc = chord(kjc, m["ank"], m["tib"], ankle_offset)
        tibia = pig_tibia(ajc, kjc, m["ank"], s)
        pf = processing(c3d, s + "STATICPLANTFLEX", 0.0) if offsets else 0.0
        ro = processing(c3d, s + "STATICROTOFF", 0.0) if offsets else 0.0
        foot_pig = pig_foot(ajc, m["toe"], tibia[..., 1], s, pf, ro)
        if foot_kind == "pig":
            foot = pig_foot_to_lib(foot_pig)
        else:
            x = unit(m["toe"] - m["hee"])
            y = tibia[..., 1] - np.sum(tibia[..., 1] * x, axis=-1, keepdims=True) * x
            y = unit(y)
            foot = columns(x, y, np.cross(x, y))
        return dict(kind=kind, ajc=ajc, kjc=kjc, shank=tibia, foot=foot, foot_pig=foot_pig, m=m)
    # lateral-only sets: medial direction from the metatarsal heads (MT5 -> MT1)
    x = unit(m["toe"] - m["hee"])
    across = m["mt1"] - m["mt5"]  # lateral -> medial
    left = -across if s == "L" else across  # medial is to the right of the left foot
    y = unit(left - np.sum(left * x, axis=-1, keepdims=True) * x)
    foot = columns(x, y, np.cross(x, y))
    medial = -y if s == "L" else y
    ajc = m["ank"] + ankle_offset * medial
    kjc = m["kne"] + knee_offset * medial
    z = unit(kjc - ajc)
    ys = unit(y - np.sum(y * z, axis=-1, keepdims=True) * z)
    shank = columns(np.cross(ys, z), ys, z)
    return dict(kind=kind, ajc=ajc, kjc=kjc, shank=shank, foot=foot, foot_pig=None, m=m)


def foot_com_and_length(m):
    """de Leva COM 44.15 % of the heel -> toe marker distance from the heel marker (the marker
    line stands in for pternion -> acropodion)."""
    length = np.nanmedian(np.linalg.norm(m["toe"] - m["hee"], axis=1))
    return m["hee"] + FOOT_COM_FROM_HEEL * (m["toe"] - m["hee"]), length


# ---------------------------------------------------------------- pipeline


def body_mass(c3d, default=70.0):
    return processing(c3d, "BODYMASS", default)


def assign_stances(plates, legs, rate, min_s=0.05, detect=None):
    """Plate stances (frames where the normal force > THRESHOLD_N, at least min_s long; from
    `detect` = the unfiltered plates when given, so that filter ringing does not lengthen the
    stance) and the foot whose heel/toe midpoint is nearest the COP over the stance."""
    out = []
    for p, (force, cop, _, normal) in enumerate(plates):
        f = (detect[p][0] if detect is not None else force) @ normal
        loaded = f > THRESHOLD_N
        for a, b in runs(loaded, int(min_s * rate)):
            best = None
            for side, leg in legs.items():
                if leg is None:
                    continue
                mid = 0.5 * (leg["m"]["hee"][a:b] + leg["m"]["toe"][a:b])
                d = np.nanmean(np.linalg.norm(cop[a:b] - mid, axis=1))
                if np.isfinite(d) and (best is None or d < best[1]):
                    best = (side, d)
            if best is not None and best[1] < 0.25:
                out.append(dict(plate=p, side=best[0], start=int(a), end=int(b)))
    return out


def ankle_pipeline(c3d_path, cutoff_hz, inertial=True, analog_cutoff_hz=None, marker_cutoff_hz=None,
                   kjc_points=False, foot_kind="pig", offsets=True, with_series=False):
    """read -> filter -> frames -> angles -> inverse dynamics for every plate stance of a C3D.
    cutoff_hz low-passes markers and plate channels alike (zero-lag Butterworth, 2nd order run
    twice); analog_cutoff_hz / marker_cutoff_hz override one of them. Returns a list of per-stance
    dicts: plate, side, frames [start, end), times, and peaks in the stance of the moment
    (N m/kg: plantarflexion, inversion, eversion as a positive number) and angles (deg)."""
    c3d = C3D(c3d_path)
    rate = c3d.number("POINT", "RATE", 100.0)
    mass = body_mass(c3d)
    points = read_points(c3d)
    mc = cutoff_hz if marker_cutoff_hz is None else marker_cutoff_hz
    ac = cutoff_hz if analog_cutoff_hz is None else analog_cutoff_hz
    wanted = {side + v for side in "LR" for t in (PIG, SPRINT, QUALISYS) for v in t.values()}
    wanted |= {"LFEO", "RFEO"}
    fpoints = {k: lowpass(v, mc, rate) for k, v in points.items() if k in wanted}
    plates = plates_at_frames(c3d_path, ac)
    up = unit(np.mean([p[3] for p in plates if np.any(np.linalg.norm(p[0], axis=1) > 50)], axis=0))
    gravity = -G * up
    legs = {}
    for side in "LR":
        kjc = fpoints.get(side + "FEO") if kjc_points else None
        legs[side] = leg_frames(c3d, fpoints, side, kjc=kjc, foot_kind=foot_kind, offsets=offsets)
    stances = assign_stances(plates, legs, rate, detect=plates_at_frames(c3d_path, None))
    first = c3d.header_first_frame
    results = []
    for st in stances:
        side, p, a, b = st["side"], st["plate"], st["start"], st["end"]
        leg = legs[side]
        force, cop, free, _ = plates[p]
        com, length = foot_com_and_length(leg["m"])
        fmass, inertia = foot_inertia(mass, length)
        moment, _ = foot_inverse_dynamics(leg["foot"], leg["ajc"], com, force, cop, free, fmass,
                                          inertia, rate, gravity, inertial)
        comp = resolve_moment(moment, leg["foot"], side) / mass
        ang = ankle_angles_isb(leg["shank"], leg["foot"], side)
        sl = slice(a, b)
        res = dict(st, marker_set=leg["kind"], time_s=((a + first - 1) / rate, (b + first - 1) / rate),
                   peak_plantarflexion_nm_kg=float(np.nanmax(comp[sl, 0])),
                   peak_inversion_nm_kg=float(np.nanmax(comp[sl, 1])),
                   peak_eversion_nm_kg=float(-np.nanmin(comp[sl, 1])),
                   peak_dorsiflexion_deg=float(np.nanmax(ang[sl, 0])),
                   peak_inversion_deg=float(np.nanmax(ang[sl, 1])),
                   peak_external_rotation_deg=float(-np.nanmin(ang[sl, 2])))
        if with_series:
            res["moment"], res["angles"] = comp, ang
        results.append(res)
    return results


# ---------------------------------------------------------------- PiG validation


PIG_FILES = ["btk-gait-c3d/PiG_Motion-FlatFoot-Full.c3d", "btk-gait-c3d/PiG_Motion3_FF.c3d"]


def pig_axes(raw, side, seg):
    o = raw[side + seg + "O"]
    return columns(unit(raw[side + seg + "A"] - o), unit(raw[side + seg + "L"] - o), unit(raw[side + seg + "P"] - o))


def stats(mine, ref):
    ok = np.isfinite(mine) & np.isfinite(ref)
    a, b = mine[ok], ref[ok]
    return dict(r=float(np.corrcoef(a, b)[0, 1]), rms=float(np.sqrt(np.mean((a - b) ** 2))),
                max=(float(a.max()), float(b.max())), min=(float(a.min()), float(b.min())))


def pig_reference(raw, side):
    """Stored PiG moment in library convention (N m/kg): [X, -Y, -Z] / 1000."""
    return raw[side + "AnkleMoment"] / 1000.0 * np.array([1.0, -1.0, -1.0])


def angle_diff(a, b):
    return np.degrees(np.arccos(np.clip(np.sum(a * b, axis=-1), -1, 1)))


def validate_pig(show=print):
    """(a) geometry vs stored segment axes, (b) dynamics on PiG's own axes, (c) own frames."""
    for rel in PIG_FILES:
        path = os.path.join(DATA, rel)
        c3d = C3D(path)
        raw = read_points_raw(c3d)
        pts = read_points(c3d)
        mass = body_mass(c3d)
        rate = c3d.number("POINT", "RATE", 100.0)
        show(f"== {rel}  body mass {mass} kg")
        # (a) geometry
        for side in "LR":
            tib_pig = pig_axes(raw, side, "TI")
            foot_pig_stored = pig_axes(raw, side, "FO")
            ajc_stored = pts[side + "TIO"]
            kjc = pts[side + "FEO"]
            w = processing(c3d, side + "ANKLEWIDTH", 70.0) / 1000
            measured = np.nanmedian(np.linalg.norm(pts[side + "ANK"] - ajc_stored, axis=1))
            for radius in (0.007, measured - w / 2):
                ajc = chord(kjc, pts[side + "ANK"], pts[side + "TIB"], w / 2 + radius)
                err = np.linalg.norm(ajc - ajc_stored, axis=1) * 1000
                show(f"  {side} AJC chord(KJC=FEO, offset={1000 * (w / 2 + radius):.2f} mm): |err| max {np.nanmax(err):.3f} mm")
            tib = pig_tibia(ajc, kjc, pts[side + "ANK"], side)
            show(f"  {side} tibia axes vs stored: max angle {np.nanmax([np.nanmax(angle_diff(tib[..., j], tib_pig[..., j])) for j in range(3)]):.4f} deg")
            knee_offset = processing(c3d, side + "KNEEWIDTH", 100.0) / 2000 + radius
            kjc2 = kjc_from_knee_marker(pts[side + "KNE"], pts[side + "ANK"], pts[side + "TIB"], knee_offset, w / 2 + radius, side)
            ajc2 = chord(kjc2, pts[side + "ANK"], pts[side + "TIB"], w / 2 + radius)
            tib2 = pig_tibia(ajc2, kjc2, pts[side + "ANK"], side)
            show(f"  {side} KJC from KNE (no hip): KJC err median {np.nanmedian(np.linalg.norm(kjc2 - kjc, axis=1)) * 1000:.1f} mm, "
                 f"AJC err max {np.nanmax(np.linalg.norm(ajc2 - ajc_stored, axis=1)) * 1000:.2f} mm, tibia axes max "
                 f"{max(np.nanmax(angle_diff(tib2[..., j], tib_pig[..., j])) for j in range(3)):.2f} deg")
            ajc3 = chord(pts[side + "KNE"], pts[side + "ANK"], pts[side + "TIB"], w / 2 + radius)
            show(f"  {side} KJC := KNE marker: AJC err max {np.nanmax(np.linalg.norm(ajc3 - ajc_stored, axis=1)) * 1000:.2f} mm")
            # the foot: constant offset rotation
            z0 = unit(ajc_stored - pts[side + "TOE"])
            x0 = unit(np.cross(tib_pig[..., 1], z0))
            r0 = columns(x0, np.cross(z0, x0), z0)
            d = np.einsum("nji,njk->nik", r0, foot_pig_stored)
            dm = np.nanmedian(d, axis=0)
            s = 1.0 if side == "L" else -1.0
            pf_eff = -np.arcsin(-dm[2, 0])
            ro_eff = -s * np.arcsin(-dm[1, 2])
            pf = processing(c3d, side + "STATICPLANTFLEX", 0.0)
            ro = processing(c3d, side + "STATICROTOFF", 0.0)
            show(f"  {side} foot: R0^T R_FO constant (std {np.nanstd(d, axis=0).max():.1e}); "
                 f"effective plantflex {np.degrees(pf_eff):.3f} deg rotoff {np.degrees(ro_eff):.3f} deg; "
                 f"PROCESSING {np.degrees(pf):.3f} / {np.degrees(ro):.3f} deg")
            for label, (p_, r_) in (("PROCESSING offsets", (pf, ro)), ("effective offsets", (pf_eff, ro_eff)), ("no offsets", (0, 0))):
                fp = pig_foot(ajc_stored, pts[side + "TOE"], tib_pig[..., 1], side, p_, r_)
                err = max(np.nanmax(angle_diff(fp[..., j], foot_pig_stored[..., j])) for j in range(3))
                show(f"     foot axes with {label}: max angle vs LFO {err:.4f} deg")
            ang = ankle_angles_pig(tib_pig, foot_pig_stored, side)
            ref_ang = raw.get(side + "AnkleAngles", raw.get(side + "AnkleAnglesV"))
            show(f"  {side} angles from stored axes vs {side}AnkleAngles: max |diff| "
                 f"{np.nanmax(np.abs(ang - ref_ang), axis=0)} deg")
            isb = ankle_angles_isb(tib_pig, pig_foot_to_lib(foot_pig_stored), side)
            show(f"     ISB vs PiG (X, -Y, Z): max |diff| {np.nanmax(np.abs(isb - ref_ang * [1, -1, 1]), axis=0)} deg")
        # (b) dynamics on PiG axes, (c) own frames
        legs_own = {}
        for side in "LR":
            legs_own[side] = leg_frames(c3d, pts, side, kjc=pts[side + "FEO"])
        for cutoff, inertial, label in ((50, True, "analog 50 Hz, markers as stored, inertia"),
                                        (50, False, "analog 50 Hz, no inertia"),
                                        (None, True, "analog unfiltered, inertia"),
                                        (20, True, "analog 20 Hz, markers as stored, inertia")):
            plates = plates_at_frames(path, cutoff)
            legs = {s_: dict(m={"hee": pts[s_ + "HEE"], "toe": pts[s_ + "TOE"]}) for s_ in "LR"}
            stances = assign_stances(plates, legs, rate)
            show(f"  -- (b) PiG stored axes/AJC; {label}")
            for st in stances:
                side, p, a, b = st["side"], st["plate"], st["start"], st["end"]
                force, cop, free, normal = plates[p]
                foot = pig_foot_to_lib(pig_axes(raw, side, "FO"))
                com, length = foot_com_and_length(legs[side]["m"])
                fm, inertia = foot_inertia(mass, length)
                mom, _ = foot_inverse_dynamics(foot, pts[side + "TIO"], com, force, cop, free, fm, inertia, rate, -G * normal, inertial)
                comp = resolve_moment(mom, foot, side) / mass
                ref = pig_reference(raw, side)
                sag, fro = stats(comp[a:b, 0], ref[a:b, 0]), stats(comp[a:b, 1], ref[a:b, 1])
                show(f"    {side} plate {p} frames [{a},{b}) sagittal r {sag['r']:.4f} rms {sag['rms']:.4f} "
                     f"peakPF {sag['max'][0]:.3f}/{sag['max'][1]:.3f} ({100 * (sag['max'][0] / sag['max'][1] - 1):+.1f}%) | "
                     f"frontal r {fro['r']:.4f} rms {fro['rms']:.4f} inv {fro['max'][0]:.3f}/{fro['max'][1]:.3f} "
                     f"ev {-fro['min'][0]:.3f}/{-fro['min'][1]:.3f}")
        for cutoff, kj, fk, off, label in ((20, True, "pig", True, "own PiG frames, KJC=FEO, markers+plates 20 Hz"),
                                           (15, True, "pig", True, "own PiG frames, KJC=FEO, markers+plates 15 Hz"),
                                           (10, True, "pig", True, "own PiG frames, KJC=FEO, markers+plates 10 Hz"),
                                           (20, False, "pig", True, "own PiG frames, KJC from KNE (no hip), 20 Hz"),
                                           (20, False, "pig", False, "own PiG frames, KJC from KNE, NO static offsets, 20 Hz"),
                                           (20, False, "lib", True, "heel->toe foot (library style), KJC from KNE, 20 Hz")):
            res = ankle_pipeline(path, cutoff, kjc_points=kj, foot_kind=fk, offsets=off, with_series=True)
            show(f"  -- (c) {label}")
            for st in res:
                side, a, b = st["side"], st["start"], st["end"]
                ref = pig_reference(raw, side)
                sag, fro = stats(st["moment"][a:b, 0], ref[a:b, 0]), stats(st["moment"][a:b, 1], ref[a:b, 1])
                show(f"    {side} plate {st['plate']} frames [{a},{b}) sagittal r {sag['r']:.4f} rms {sag['rms']:.4f} "
                     f"peakPF {sag['max'][0]:.3f}/{sag['max'][1]:.3f} ({100 * (sag['max'][0] / sag['max'][1] - 1):+.1f}%) | "
                     f"frontal r {fro['r']:.4f} rms {fro['rms']:.4f} inv {fro['max'][0]:.3f}/{fro['max'][1]:.3f} "
                     f"ev {-fro['min'][0]:.3f}/{-fro['min'][1]:.3f}")


# ---------------------------------------------------------------- OpenSim gait2354


def opensim_gait2354(cutoff_hz=6.0, show=print):
    """Shank from the static trial (malleoli and epicondyles in the shank-cluster frame, CAST),
    foot x = heel -> toe tip, y from Toe.Lat/Toe.Med; sagittal r vs -ankle_angle_*_moment."""
    folder = os.path.join(DATA, "opensim-gait2354-walk")
    names_s, static = read_table(os.path.join(folder, "subject01_static.trc"))
    names_w, walk = read_table(os.path.join(folder, "subject01_walk1.trc"))
    rate = 60.0

    def marker(names, data, n):
        i = names.index(n)
        return data[:, 2 + 3 * i : 5 + 3 * i] / 1000.0

    def cluster(names, data, p):
        u_, f_, r_ = (marker(names, data, f"{p}.Shank.{k}") for k in ("Upper", "Front", "Rear"))
        x = unit(f_ - r_)
        z = unit(np.cross(x, u_ - r_))
        return columns(x, np.cross(z, x), z), r_

    _, grf = read_table(os.path.join(folder, "subject01_walk1_grf.mot"))
    names_id, ident = read_table(os.path.join(folder, "reference", "inverse_dynamics.sto"))
    t_grf = grf[:, 0]
    t_walk = walk[:, 1]
    grf_f = lowpass(grf[:, 1:], cutoff_hz, 600.0)
    up = np.array([0.0, 1.0, 0.0])
    for side, prefix, cols in (("R", "R", (0, 3, 12)), ("L", "L", (6, 9, 15))):
        rs, os_ = cluster(names_s, static, prefix)
        local = {}
        for n in ("Knee.Lat", "Knee.Med", "Ankle.Lat", "Ankle.Med"):
            v = marker(names_s, static, f"{prefix}.{n}") - os_
            local[n] = np.nanmean(np.einsum("nji,nj->ni", rs, v), axis=0)
        wk = {n: lowpass(marker(names_w, walk, f"{prefix}.{n}"), cutoff_hz, rate)
              for n in ("Shank.Upper", "Shank.Front", "Shank.Rear", "Heel", "Toe.Tip", "Toe.Lat", "Toe.Med")}
        x = unit(wk["Shank.Front"] - wk["Shank.Rear"])
        z = unit(np.cross(x, wk["Shank.Upper"] - wk["Shank.Rear"]))
        rw = columns(x, np.cross(z, x), z)
        lm = {n: wk["Shank.Rear"] + np.einsum("nij,j->ni", rw, v) for n, v in local.items()}
        ajc = 0.5 * (lm["Ankle.Lat"] + lm["Ankle.Med"])
        kjc = 0.5 * (lm["Knee.Lat"] + lm["Knee.Med"])
        zs = unit(kjc - ajc)
        ys = lm["Ankle.Med"] - lm["Ankle.Lat"] if side == "R" else lm["Ankle.Lat"] - lm["Ankle.Med"]
        ys = unit(ys - np.sum(ys * zs, axis=-1, keepdims=True) * zs)
        shank = columns(np.cross(ys, zs), ys, zs)
        xf = unit(wk["Toe.Tip"] - wk["Heel"])
        yf = wk["Toe.Med"] - wk["Toe.Lat"] if side == "R" else wk["Toe.Lat"] - wk["Toe.Med"]
        yf = unit(yf - np.sum(yf * xf, axis=-1, keepdims=True) * xf)
        foot = columns(xf, yf, np.cross(xf, yf))
        f = np.column_stack([np.interp(t_walk, t_grf, grf_f[:, cols[0] + k]) for k in range(3)])
        cop = np.column_stack([np.interp(t_walk, t_grf, grf[:, 1 + cols[1] + k]) for k in range(3)])
        tq = np.column_stack([np.interp(t_walk, t_grf, grf_f[:, cols[2] + k]) for k in range(3)])
        on = f[:, 1] > THRESHOLD_N
        cop[~on] = np.nan
        f[~on] = 0
        tq[~on] = 0
        m_ = {"hee": wk["Heel"], "toe": wk["Toe.Tip"]}
        com, length = foot_com_and_length(m_)
        mass = 72.6  # not needed for r; inertia scale only
        fm, inertia = foot_inertia(mass, length)
        mom, _ = foot_inverse_dynamics(foot, ajc, com, f, cop, tq, fm, inertia, rate, -G * up)
        comp = resolve_moment(mom, foot, side)
        col = names_id.index(f"ankle_angle_{'r' if side == 'R' else 'l'}_moment")
        ref = np.interp(t_walk, ident[:, 0], -ident[:, col], left=np.nan, right=np.nan)
        ang = ankle_angles_isb(shank, foot, side)
        for a, b in runs(on & np.isfinite(ref), 10):
            st = stats(comp[a:b, 0], ref[a:b])
            show(f"  gait2354 {side} stance t {t_walk[a]:.3f}-{t_walk[b - 1]:.3f} s: sagittal r {st['r']:.4f} "
                 f"rms {st['rms']:.2f} N m, peak PF {st['max'][0]:.1f}/{st['max'][1]:.1f} N m; "
                 f"frontal (foot frame) peak inv {np.nanmax(comp[a:b, 1]):.1f} ev {-np.nanmin(comp[a:b, 1]):.1f} N m; "
                 f"dorsiflexion range {np.nanmin(ang[a:b, 0]):.1f}..{np.nanmax(ang[a:b, 0]):.1f} deg")


# ---------------------------------------------------------------- main


BENCH_FILES = PIG_FILES + ["nimble-sprint-c3d/JA1Gait35.c3d", "pyorerun-running-c3d/Running_0002.c3d"]


def print_table(cutoff_hz=15.0, show=print):
    """Per-stance peaks; moments resolved in the foot frame, internal, per kg (body mass from
    PROCESSING:Bodymass, else 70 kg assumed: JA1Gait35 and Running_0002 carry none)."""
    show("file cutoff_hz mass_kg plate side markers frames t_s | PF_peak inv_peak ev_peak (N m/kg) |"
         " DF_peak inv_peak ext_rot_peak (deg)")
    for rel in BENCH_FILES:
        path = os.path.join(DATA, rel)
        mass = body_mass(C3D(path))
        for st in ankle_pipeline(path, cutoff_hz):
            show(f"{os.path.basename(rel)} {cutoff_hz:g} {mass:g} {st['plate']} {st['side']} {st['marker_set']} "
                 f"[{st['start']},{st['end']}) {st['time_s'][0]:.3f}-{st['time_s'][1]:.3f} "
                 f"{st['peak_plantarflexion_nm_kg']:.3f} {st['peak_inversion_nm_kg']:.3f} {st['peak_eversion_nm_kg']:.3f} "
                 f"{st['peak_dorsiflexion_deg']:.1f} {st['peak_inversion_deg']:.1f} {st['peak_external_rotation_deg']:.1f}")


def main():
    if not os.path.isdir(DATA):
        sys.exit(f"no recordings at {DATA}")
    np.set_printoptions(precision=3, suppress=True)
    if "--validate" in sys.argv:
        validate_pig()
    if "--opensim" in sys.argv:
        opensim_gait2354()
    print_table()


if __name__ == "__main__":
    main()
