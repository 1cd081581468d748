#!/usr/bin/env python3
"""Plots a `lepton load --csv` time series: the target's RSS and GC heap (MiB) over time (s).

usage: plot-soak.py memory.csv [out.png]     (writes out.png and out.svg; default: next to the CSV)

Python 3 standard library only: the PNG is drawn pixel by pixel (zlib + struct) with a tiny built-in bitmap font.
"""
import csv
import math
import struct
import sys
import zlib

W, H = 900, 480
LEFT, RIGHT, TOP, BOTTOM = 80, 24, 40, 56
WHITE, BLACK, GREY = (255, 255, 255), (0, 0, 0), (215, 215, 215)
SERIES = [("rss_bytes", "RSS", (200, 40, 40)), ("gc_heap_bytes", "GC HEAP", (40, 80, 200))]

# 3x5 glyphs, one string of 15 bits per character (rows top to bottom).
FONT = {
    "0": "111101101101111", "1": "010110010010111", "2": "111001111100111", "3": "111001111001111",
    "4": "101101111001001", "5": "111100111001111", "6": "111100111101111", "7": "111001010010010",
    "8": "111101111101111", "9": "111101111001111", ".": "000000000000010", "-": "000000111000000",
    " ": "000000000000000", "(": "010100100100010", ")": "010001001001010", "/": "001001010100100",
    "A": "010101111101101", "B": "110101110101110", "C": "111100100100111", "E": "111100110100111",
    "G": "111100101101111", "H": "101101111101101", "I": "111010010010111", "M": "101111111101101",
    "P": "111101111100100", "R": "110101110101101", "S": "111100111001111", "T": "111010010010010",
    "i": "010000010010010", "s": "000011010001110", "t": "010111010010011", "m": "000110111101101",
    "e": "000111111100011",
}


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    t = [float(r["t_s"]) for r in rows]
    series = {}
    for column, _, _ in SERIES:
        series[column] = [float(r[column]) / 2**20 if r.get(column) else None for r in rows]
    return t, series


def nice_step(span, ticks=6):
    raw = span / ticks if span > 0 else 1
    magnitude = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * magnitude:
            return m * magnitude
    return 10 * magnitude


def label(v):
    return ("%d" % v) if abs(v - round(v)) < 1e-9 else ("%.1f" % v)


class Canvas:
    def __init__(self):
        self.px = bytearray(WHITE * (W * H))

    def set(self, x, y, c):
        if 0 <= x < W and 0 <= y < H:
            i = (y * W + x) * 3
            self.px[i:i + 3] = bytes(c)

    def line(self, x0, y0, x1, y1, c, thick=1):
        x0, y0, x1, y1 = int(round(x0)), int(round(y0)), int(round(x1)), int(round(y1))
        dx, dy = abs(x1 - x0), -abs(y1 - y0)
        sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
        err = dx + dy
        while True:
            for ox in range(thick):
                for oy in range(thick):
                    self.set(x0 + ox, y0 + oy, c)
            if x0 == x1 and y0 == y1:
                break
            e2 = 2 * err
            if e2 >= dy:
                err += dy
                x0 += sx
            if e2 <= dx:
                err += dx
                y0 += sy

    def rect(self, x, y, w, h, c):
        for yy in range(y, y + h):
            for xx in range(x, x + w):
                self.set(xx, yy, c)

    def text(self, x, y, s, c=BLACK, scale=2):
        for ch in s:
            glyph = FONT.get(ch, FONT[" "])
            for i, bit in enumerate(glyph):
                if bit == "1":
                    self.rect(x + (i % 3) * scale, y + (i // 3) * scale, scale, scale, c)
            x += 4 * scale

    def png(self, path):
        raw = b"".join(b"\x00" + bytes(self.px[y * W * 3:(y + 1) * W * 3]) for y in range(H))

        def chunk(kind, data):
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

        with open(path, "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n")
            f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0)))
            f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
            f.write(chunk(b"IEND", b""))


def text_width(s, scale=2):
    return len(s) * 4 * scale - scale


def plot(t, series, png_path, svg_path):
    values = [v for col, _, _ in SERIES for v in series[col] if v is not None]
    if not t or not values:
        sys.exit("plot-soak: the CSV has no rows with memory (was the target's /metrics reachable?)")
    t_max = max(t[-1], 1)
    y_step = nice_step(max(values))
    y_max = math.ceil(max(values) / y_step) * y_step
    x_step = nice_step(t_max)
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def X(v):
        return LEFT + v / t_max * pw

    def Y(v):
        return TOP + ph - v / y_max * ph

    c = Canvas()
    svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">' % (W, H),
           '<rect width="100%" height="100%" fill="white"/>']
    y = 0.0
    while y <= y_max + 1e-9:
        c.line(LEFT, Y(y), LEFT + pw, Y(y), GREY)
        s = label(y)
        c.text(LEFT - 8 - text_width(s), int(Y(y)) - 5, s)
        svg.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#d7d7d7"/>' % (LEFT, Y(y), LEFT + pw, Y(y)))
        svg.append('<text x="%d" y="%.1f" text-anchor="end">%s</text>' % (LEFT - 8, Y(y) + 4, s))
        y += y_step
    x = 0.0
    while x <= t_max + 1e-9:
        c.line(X(x), TOP + ph, X(x), TOP + ph + 5, BLACK)
        s = label(x)
        c.text(int(X(x)) - text_width(s) // 2, TOP + ph + 10, s)
        svg.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="black"/>' % (X(x), TOP + ph, X(x), TOP + ph + 5))
        svg.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>' % (X(x), TOP + ph + 20, s))
        x += x_step
    c.line(LEFT, TOP, LEFT, TOP + ph, BLACK)
    c.line(LEFT, TOP + ph, LEFT + pw, TOP + ph, BLACK)
    svg.append('<path d="M%d %d V%d H%d" fill="none" stroke="black"/>' % (LEFT, TOP, TOP + ph, LEFT + pw))
    c.text(LEFT + pw // 2 - text_width("Time (s)") // 2, H - 20, "Time (s)")
    c.text(8, TOP - 28, "MiB")
    svg.append('<text x="%d" y="%d" text-anchor="middle">time (s)</text>' % (LEFT + pw // 2, H - 10))
    svg.append('<text x="8" y="%d">MiB</text>' % (TOP - 16))

    lx = LEFT + 20
    for column, name, color in SERIES:
        points = [(X(tt), Y(v)) for tt, v in zip(t, series[column]) if v is not None]
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            c.line(x0, y0, x1, y1, color, thick=2)
        if len(points) == 1:
            c.rect(int(points[0][0]) - 2, int(points[0][1]) - 2, 5, 5, color)
        hexcolor = "#%02x%02x%02x" % color
        if points:
            svg.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (hexcolor, " ".join("%.1f,%.1f" % p for p in points)))
        c.rect(lx, TOP - 26, 24, 10, color)
        c.text(lx + 30, TOP - 26, name)
        svg.append('<rect x="%d" y="%d" width="24" height="10" fill="%s"/><text x="%d" y="%d">%s</text>' % (lx, TOP - 26, hexcolor, lx + 30, TOP - 17, name))
        lx += 30 + text_width(name) + 30
    svg.append("</svg>")
    c.png(png_path)
    with open(svg_path, "w") as f:
        f.write("\n".join(svg) + "\n")


def main(argv):
    if len(argv) not in (2, 3) or argv[1] in ("-h", "--help"):
        sys.exit(__doc__)
    out = argv[2] if len(argv) == 3 else argv[1].rsplit(".", 1)[0] + ".png"
    t, series = read(argv[1])
    plot(t, series, out, out.rsplit(".", 1)[0] + ".svg")
    print("wrote %s and %s" % (out, out.rsplit(".", 1)[0] + ".svg"))


if __name__ == "__main__":
    main(sys.argv)
