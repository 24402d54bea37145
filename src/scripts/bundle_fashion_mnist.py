"""Writes the bundled default data set: the first 10,000 training and first 2,000 test images
of Fashion-MNIST (MIT licence) as IDX+gzip, from Debian's dataset-fashion-mnist package.
Usage: /usr/bin/python3 src/scripts/bundle_fashion_mnist.py [SOURCE_DIR]"""
import gzip, struct, sys

src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
dst = "src/main/resources/fashion-mnist"

for prefix, n in (("train", 10000), ("t10k", 2000)):
    for kind in ("images-idx3", "labels-idx1"):
        name = f"{prefix}-{kind}-ubyte.gz"
        with gzip.open(f"{src}/{name}") as f:
            magic = struct.unpack(">I", f.read(4))[0]
            dims = [struct.unpack(">I", f.read(4))[0] for _ in range(magic & 0xFF)]
            item = 1
            for d in dims[1:]:
                item *= d
            body = f.read(n * item)
        header = struct.pack(">I", magic) + struct.pack(">I", n) + b"".join(struct.pack(">I", d) for d in dims[1:])
        # mtime=0 keeps the output byte-identical run to run
        with open(f"{dst}/{name}", "wb") as out, gzip.GzipFile(fileobj=out, mode="wb", mtime=0, filename="") as g:
            g.write(header + body)
        print(name, n)
