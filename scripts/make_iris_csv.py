#!/usr/bin/env python3
"""Writes Data/iris/iris.csv from the copy of Fisher's Iris data bundled with scikit-learn.

scikit-learn's sklearn/datasets/data/iris.csv starts with a row of counts and class names
(`150,4,setosa,versicolor,virginica`) and gives each flower's species as an integer 0/1/2. This script
turns it into a plain CSV with a header of column names and the species spelled out, keeping every
number exactly as written in the source file. Run from the package root with the path of that file:

    python3 -m pip download scikit-learn --no-deps -d /tmp/sk
    unzip -o /tmp/sk/scikit_learn-*.whl sklearn/datasets/data/iris.csv -d /tmp/sk
    python3 scripts/make_iris_csv.py /tmp/sk/sklearn/datasets/data/iris.csv
"""
import csv
import pathlib
import sys

HEADER = ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]


def main(source):
    with open(source, newline="") as handle:
        rows = list(csv.reader(handle))
    count, feature_count, *names = rows[0]
    count, feature_count = int(count), int(feature_count)
    body = rows[1:]
    assert len(body) == count == 150, f"expected 150 data rows, found {len(body)}"
    assert feature_count == 4 and names == ["setosa", "versicolor", "virginica"], rows[0]
    target = pathlib.Path(__file__).resolve().parent.parent / "Data" / "iris" / "iris.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for row in body:
            assert len(row) == feature_count + 1, row
            for cell in row[:feature_count]:
                float(cell)  # every feature is a number
            writer.writerow(row[:feature_count] + [names[int(row[feature_count])]])
    print(f"wrote {target}: {len(body)} rows")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_iris_csv.py path/to/sklearn/datasets/data/iris.csv")
    main(sys.argv[1])
