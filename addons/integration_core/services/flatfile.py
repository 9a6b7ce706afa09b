"""Flat files (CSV and fixed width) to canonical documents and back, driven by a layout.

Pure Python (the standard library's ``csv`` and the canonical schemas): the ORM turns its
layout records into a ``Layout`` and hands it bytes. A layout maps each column of the file to
a canonical path, dotted as in the schema (``order_ref``, ``ship_to.name``,
``lines.lots.lot_name``; a list of text such as ``tracking_numbers`` collects distinct values);
the schema tells which parts of a path are lists. Rows sharing the grouping key make one
document; within it, rows repeating a list item's own values add to that item's nested lists
(one row per lot of a shipped line). Every error names the file row and column.
"""

import csv
import io
import types
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Union, get_args, get_origin

from pydantic import BaseModel

from .. import schemas

KINDS = ("text", "integer", "decimal", "date", "datetime", "boolean")
QUOTING = {
    "minimal": csv.QUOTE_MINIMAL,
    "all": csv.QUOTE_ALL,
    "nonnumeric": csv.QUOTE_NONNUMERIC,
    "none": csv.QUOTE_NONE,
}
TRUE_TEXTS = {"1", "y", "yes", "true", "t", "x"}
FALSE_TEXTS = {"0", "n", "no", "false", "f"}
MAX_PROBLEMS = 50  # a file wrong throughout says so without listing every cell


@dataclass(frozen=True)
class Column:
    """One column of the file and the canonical path it fills.

    CSV: found by ``header`` in the file's last header row, else at ``position`` (1-based).
    Fixed width: ``position`` is the 1-based start, ``length`` its width. A column with a
    ``default`` and neither header nor position is a constant (not read from the file).
    """

    path: str
    kind: str = "text"
    header: str = ""
    position: int = 0
    length: int = 0
    required: bool = False
    fmt: str = ""
    default: str = ""

    @property
    def constant(self):
        return bool(self.default) and not self.header and not self.position


@dataclass(frozen=True)
class Layout:
    """How a partner's flat file is written; ``group_by``: top-level paths whose values
    gather rows into one document (none: the whole file is one document)."""

    doc_type: str
    columns: tuple
    file_kind: str = "csv"  # csv | fixed
    delimiter: str = ","
    quotechar: str = '"'
    quoting: str = "minimal"
    encoding: str = "utf-8"
    header_rows: int = 1
    decimal_separator: str = "."
    thousands_separator: str = ""
    date_formats: tuple = ("%Y-%m-%d",)
    datetime_formats: tuple = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")
    group_by: tuple = ()


class Problem(ValueError):
    """One thing wrong, at a row and column of the file (either may be unknown: 0)."""

    def __init__(self, text, row=0, column=None):
        self.text = text
        self.row = row
        self.column = column
        super().__init__(f"{where(row, column)}: {text}" if row or column else text)


class FlatFileError(ValueError):
    """A file (or a layout) that cannot be read or written: every problem, located."""

    def __init__(self, problems):
        self.problems = list(problems)
        shown = "; ".join(str(p) for p in self.problems[:MAX_PROBLEMS])
        more = len(self.problems) - MAX_PROBLEMS
        super().__init__(shown + (f"; and {more} more" if more > 0 else ""))


def where(row, column):
    """``row 4, column 3 (Qty)``: what a person looks for in the file."""
    parts = [f"row {row}"] if row else []
    if column is not None:
        parts.append(column_label(column))
    return ", ".join(parts)


def column_label(column):
    if column.position and column.length:
        place = f"column {column.position}-{column.position + column.length - 1}"
    elif column.position:
        place = f"column {column.position}"
    else:
        place = "column"
    return f"{place} ({column.header or column.path})"


@dataclass
class Document:
    """A canonical document read from the file, with where each of its values came from."""

    data: dict
    rows: list = field(default_factory=list)  # indexes into the file's records
    sources: dict = field(default_factory=dict)  # "lines[0].quantity" -> (row, Column)
    key: tuple = ()
    items: dict = field(default_factory=dict)  # (list path, item's own values) -> (index, item)

    def locate(self, error):
        """A schema error (``lines[0].quantity: ...``) prefixed with the row and column it
        comes from (the closest located path above it)."""
        location = error.split(":", 1)[0]
        candidates = [
            path
            for path in self.sources
            if path == location or location.startswith((path + ".", path + "["))
        ]
        if not candidates:
            return error
        row, column = self.sources[max(candidates, key=len)]
        return f"{where(row, column)}: {error}"


# ---------------------------------------------------------------------- layout and schema
@dataclass
class _Node:
    """The columns of one level of the document: its values, objects and lists."""

    scalars: dict = field(default_factory=dict)  # name -> Column
    text_lists: dict = field(default_factory=dict)  # name -> Column
    objects: dict = field(default_factory=dict)  # name -> _Node
    lists: dict = field(default_factory=dict)  # name -> _Node

    def columns(self):
        """Every column at or under this node."""
        found = [*self.scalars.values(), *self.text_lists.values()]
        for child in (*self.objects.values(), *self.lists.values()):
            found += child.columns()
        return found

    def own_columns(self):
        """The columns of this level and its objects, not of its lists: an item's identity."""
        found = list(self.scalars.values())
        for child in self.objects.values():
            found += child.own_columns()
        return found


def _unwrap(annotation):
    """``X | None`` → X."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def field_shape(model, name):
    """("scalar" | "text_list" | "object" | "list", sub-model) of a field of ``model``."""
    info = model.model_fields.get(name)
    if info is None:
        return None, None
    annotation = _unwrap(info.annotation)
    if get_origin(annotation) is list:
        (item,) = get_args(annotation) or (str,)
        item = _unwrap(item)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return "list", item
        return "text_list", None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "object", annotation
    return "scalar", None


def compile_layout(layout):
    """The layout's columns as a tree of the document, or a FlatFileError naming each
    column whose path is not a field of the document type or is placed wrongly."""
    schema = schemas.SCHEMAS.get(layout.doc_type)
    problems = []
    if schema is None:
        raise FlatFileError([Problem(f"unknown document type {layout.doc_type!r}")])
    root = _Node()
    seen = set()
    for column in layout.columns:
        problem = _place_column(root, schema, column, layout)
        if not problem and column.path in seen:
            problem = "another column fills the same path"
        seen.add(column.path)
        if problem:
            problems.append(Problem(f"{column.path}: {problem}", column=column))
    for path in layout.group_by:
        if path not in root.scalars:
            problems.append(
                Problem(f"grouping key {path!r} must be a top-level column of the layout")
            )
    if problems:
        raise FlatFileError(problems)
    return root


def _place_column(root, schema, column, layout):
    """Put ``column`` in the tree; the reason it cannot go there, else None."""
    if column.kind not in KINDS:
        return f"type {column.kind!r} is not one of {', '.join(KINDS)}"
    if (
        layout.file_kind == "fixed"
        and not column.constant
        and not (column.position > 0 and column.length > 0)
    ):
        return "a fixed-width column needs a start and a length"
    if layout.file_kind == "csv" and not (column.header or column.position or column.default):
        return "a CSV column needs a header name or a position"
    node, model = root, schema
    names = column.path.split(".")
    for depth, name in enumerate(names):
        shape, sub = field_shape(model, name)
        last = depth == len(names) - 1
        if shape is None:
            known = ", ".join(sorted(model.model_fields))
            return f"{name!r} is not a field of {model.__name__} (fields: {known})"
        if last:
            if shape == "scalar":
                node.scalars[name] = column
            elif shape == "text_list":
                node.text_lists[name] = column
            else:
                return f"{name!r} holds several values: name one of its fields"
            return None
        if shape not in ("object", "list"):
            return f"{name!r} has no fields"
        branch = node.objects if shape == "object" else node.lists
        node, model = branch.setdefault(name, _Node()), sub
    return None


# ---------------------------------------------------------------------- reading
def _records(layout, payload):
    """``[(row number, cells, raw text)]`` of the file, header rows included."""
    encoding = (
        "utf-8-sig"
        if layout.encoding.lower().replace("_", "-") in ("utf-8", "utf8")
        else (layout.encoding)
    )
    try:
        text = payload.decode(encoding)
    except UnicodeDecodeError as err:
        row = payload[: err.start].count(b"\n") + 1
        raise FlatFileError(
            [Problem(f"byte {payload[err.start]:#04x} is not {layout.encoding} text", row)]
        ) from err
    except LookupError as err:
        raise FlatFileError([Problem(f"unknown encoding {layout.encoding!r}")]) from err
    # Lines end at \n, \r or \r\n only (str.splitlines would also cut at \x85, \u2028...).
    lines = list(io.StringIO(text, newline=""))
    if layout.file_kind == "fixed":
        return [(number, line.rstrip("\r\n"), line) for number, line in enumerate(lines, 1)]
    # QUOTE_NONNUMERIC would turn unquoted cells into floats: the layout's types read them.
    quoting = csv.QUOTE_MINIMAL if layout.quoting == "nonnumeric" else _quoting(layout)
    reader = csv.reader(
        lines,
        delimiter=layout.delimiter,
        quotechar=layout.quotechar or None,
        quoting=quoting,
        escapechar="\\" if quoting == csv.QUOTE_NONE else None,
        strict=True,
    )
    records, start = [], 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            raise FlatFileError([Problem(f"unreadable CSV: {err}", start + 1)]) from err
        records.append((start + 1, cells, "".join(lines[start : reader.line_num])))
        start = reader.line_num
    return records


def _resolve_csv(layout, header):
    """Column → 0-based index in the records; problems for columns the file lacks."""
    names = {name.strip().casefold(): index for index, name in enumerate(header or [])}
    indexes, problems = {}, []
    for column in layout.columns:
        if column.constant:
            continue
        if header is not None and column.header:
            index = names.get(column.header.strip().casefold())
            if index is None and not column.position:
                problems.append(
                    Problem(
                        f"no column named {column.header!r} in the header",
                        layout.header_rows,
                        column,
                    )
                )
                continue
            indexes[column] = index if index is not None else column.position - 1
        elif column.position:
            indexes[column] = column.position - 1
        else:
            problems.append(Problem("the file has no header to find it by name", 0, column))
    return indexes, problems


def _cell(layout, column, record, indexes):
    if column.constant:
        return column.default
    cells = record[1]
    if layout.file_kind == "fixed":
        text = cells[column.position - 1 : column.position - 1 + column.length]
    else:
        index = indexes[column]
        text = cells[index] if index < len(cells) else ""
    return text.strip() or column.default


def parse_value(layout, column, text):
    """The cell's text as the canonical value (decimals as text, dates ISO), or ValueError."""
    kind = column.kind
    if kind == "text":
        return text
    if kind in ("integer", "decimal"):
        number = (
            text.replace(layout.thousands_separator, "") if layout.thousands_separator else text
        )
        number = number.replace(" ", "")
        if layout.decimal_separator != ".":
            number = number.replace(".", "\0").replace(layout.decimal_separator, ".")
        try:
            value = Decimal(number)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            raise ValueError(f"{text!r} is not a number")
        if kind == "integer":
            if value != value.to_integral_value():
                raise ValueError(f"{text!r} is not a whole number")
            return int(value)
        return str(value)
    if kind == "boolean":
        lowered = text.casefold()
        if lowered in TRUE_TEXTS or lowered in FALSE_TEXTS:
            return lowered in TRUE_TEXTS
        raise ValueError(f"{text!r} is not yes/no (Y, N, 1, 0, true, false)")
    formats = (column.fmt,) if column.fmt else _formats(layout, kind)
    for fmt in formats:
        try:
            moment = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return moment.date().isoformat() if kind == "date" else moment.isoformat()
    try:  # ISO 8601 is always understood
        moment = (date if kind == "date" else datetime).fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{text!r} does not match the date format {' or '.join(formats)}"
        ) from None
    return moment.isoformat()


def _formats(layout, kind):
    return layout.date_formats if kind == "date" else layout.datetime_formats


def read(layout, payload):
    """The documents of a flat file, in the order their first row appears, each with the
    rows it came from; a FlatFileError lists every problem found (row, column, why)."""
    compile_layout(layout)
    records = _records(layout, payload)
    layout, indexes = _placed(layout, records)
    tree = compile_layout(layout)
    problems, documents = [], {}
    for index, record in enumerate(records[layout.header_rows :], layout.header_rows):
        if not _has_cells(record):
            continue
        values = {}
        for column in layout.columns:
            text = _cell(layout, column, record, indexes)
            if not text:
                if column.required:
                    problems.append(Problem("a value is required", record[0], column))
                continue
            try:
                values[column.path] = parse_value(layout, column, text)
            except ValueError as err:
                problems.append(Problem(str(err), record[0], column))
        key = tuple(values.get(path) for path in layout.group_by)
        if None in key:
            if not any(p.row == record[0] for p in problems):  # else already said why
                column = tree.scalars[layout.group_by[key.index(None)]]
                problems.append(Problem("the grouping key is empty", record[0], column))
            continue
        document = documents.setdefault(key, Document({}, key=key))
        document.rows.append(index)
        _fill(document, document.data, "", tree, values, record[0], problems)
        if len(problems) > MAX_PROBLEMS:
            break
    if problems:
        raise FlatFileError(problems)
    if not documents:
        raise FlatFileError([Problem("the file has no data rows", layout.header_rows + 1)])
    return list(documents.values())


def _has_cells(record):
    cells = record[1]
    return bool(cells.strip()) if isinstance(cells, str) else any(c.strip() for c in cells)


def _fill(document, target, prefix, node, values, row, problems):
    """Add one row's ``values`` to ``target`` (a document, object or list item)."""
    for name, column in node.scalars.items():
        value = values.get(column.path)
        if value is None:
            continue
        if name in target and target[name] != value:
            first_row = document.sources[prefix + name][0]
            problems.append(
                Problem(
                    f"{value!r} differs from {target[name]!r} on row {first_row} of the "
                    f"same document",
                    row,
                    column,
                )
            )
            continue
        if name not in target:
            target[name] = value
            document.sources[prefix + name] = (row, column)
    for name, column in node.text_lists.items():
        value = values.get(column.path)
        if value is not None and value not in target.setdefault(name, []):
            document.sources[f"{prefix}{name}[{len(target[name])}]"] = (row, column)
            target[name].append(value)
    for name, child in node.objects.items():
        if any(values.get(c.path) is not None for c in child.columns()):
            _fill(
                document,
                target.setdefault(name, {}),
                f"{prefix}{name}.",
                child,
                values,
                row,
                problems,
            )
    for name, child in node.lists.items():
        if all(values.get(c.path) is None for c in child.columns()):
            continue  # nothing of this list on the row (a line without lots)
        items = target.setdefault(name, [])
        identity = (prefix + name, *(values.get(c.path) for c in child.own_columns()))
        # Rows repeating the item's own values add to its nested lists (a line's lots).
        found = document.items.get(identity) if child.lists else None
        if found is None:
            found = (len(items), {})
            document.sources[f"{prefix}{name}[{found[0]}]"] = (row, None)
            items.append(found[1])
            document.items[identity] = found
        position, item = found
        _fill(document, item, f"{prefix}{name}[{position}].", child, values, row, problems)


def check(layout, documents):
    """Validate each document against its schema; schema errors are located at the row
    and column their value came from. Returns the validated documents."""
    problems, validated = [], []
    for document in documents:
        try:
            validated.append(schemas.validate_document(layout.doc_type, document.data))
        except schemas.SchemaError as err:
            problems += [Problem(document.locate(error)) for error in err.errors]
    if problems:
        raise FlatFileError(problems)
    return validated


def _placed(layout, records):
    """The layout with its columns at their place in this file (CSV columns found by their
    header name), and each column's 0-based index in the records."""
    header = None
    if layout.header_rows and layout.file_kind == "csv" and len(records) >= layout.header_rows:
        header = records[layout.header_rows - 1][1]
    indexes, problems = _resolve_csv(layout, header) if layout.file_kind == "csv" else ({}, [])
    if problems:
        raise FlatFileError(problems)
    placed = {column: replace(column, position=index + 1) for column, index in indexes.items()}
    layout = replace(layout, columns=tuple(placed.get(c, c) for c in layout.columns))
    return layout, {placed[column]: index for column, index in indexes.items()}


def cells(layout, payload):
    """The file as a person reads it with its layout: ``(row number, raw text, [(Column,
    text, problem)])`` per row, header rows with no cells; a FlatFileError when the file
    cannot be split into rows or lacks a column (the rows are then not known)."""
    compile_layout(layout)
    records = _records(layout, payload)
    layout, indexes = _placed(layout, records)
    for index, record in enumerate(records):
        if index < layout.header_rows or not _has_cells(record):
            yield record[0], record[2], []
            continue
        found = []
        for column in layout.columns:
            if column.constant:
                continue
            text = _cell(layout, column, record, indexes)
            found.append((column, text, _cell_problem(layout, column, text)))
        yield record[0], record[2], found


def _cell_problem(layout, column, text):
    """Why the cell's text is not a value of its column, '' when it is."""
    if not text:
        return "a value is required" if column.required else ""
    try:
        parse_value(layout, column, text)
    except ValueError as err:
        return str(err)
    return ""


def split(layout, payload, documents):
    """Each document's own file: the header rows and its rows, as written by the partner."""
    records = _records(layout, payload)
    head = "".join(record[2] for record in records[: layout.header_rows])
    parts = []
    for document in documents:
        body = "".join(records[index][2] for index in document.rows)
        parts.append((head + body).encode(_out_encoding(layout)))
    return parts


def _out_encoding(layout):
    return layout.encoding or "utf-8"


# ---------------------------------------------------------------------- writing
def write(layout, documents):
    """Canonical documents (JSON-ready dicts) → the file's bytes: one row per innermost
    list item, the document's and its parents' values repeated on each."""
    tree = compile_layout(layout)
    columns = sorted(
        (c for c in layout.columns if not c.constant),
        key=lambda c: (c.position or 10**6, layout.columns.index(c)),
    )
    rows = []
    for document in documents:
        rows += _rows(document, tree, "")
    problems = []
    cells = []
    for number, row in enumerate(rows, layout.header_rows + 1):
        line = []
        for column in columns:
            value = row.get(column.path)
            try:
                line.append("" if value is None else format_value(layout, column, value))
            except ValueError as err:
                problems.append(Problem(str(err), number, column))
                line.append("")
        cells.append(line)
    text = (
        _write_fixed(layout, columns, cells, problems)
        if layout.file_kind == "fixed"
        else (_write_csv(layout, columns, cells))
    )
    if problems:
        raise FlatFileError(problems)
    try:
        return text.encode(_out_encoding(layout))
    except UnicodeEncodeError as err:
        row = text[: err.start].count("\n") + 1
        raise FlatFileError(
            [Problem(f"{text[err.start]!r} cannot be written in {layout.encoding}", row)]
        ) from err


def _rows(data, node, prefix):
    """The rows of one document (or list item): its values, times its lists' rows."""
    base = {}
    for name, column in node.scalars.items():
        if data.get(name) is not None:
            base[column.path] = data[name]
    for name, child in node.objects.items():
        if isinstance(data.get(name), dict):
            for row in _rows(data[name], child, prefix):
                base.update(row)
    below = []
    for name, child in node.lists.items():
        for item in data.get(name) or []:
            below += [{**base, **row} for row in _rows(item, child, prefix)]
    rows = below or [dict(base)]
    for name, column in node.text_lists.items():  # one value a row, more rows when needed
        for index, value in enumerate(data.get(name) or []):
            if index == len(rows):
                rows.append(dict(base))
            rows[index][column.path] = value
    return rows


def format_value(layout, column, value):
    """A canonical value as the cell's text (the layout's decimal separator and formats)."""
    kind = column.kind
    if kind in ("integer", "decimal"):
        number = Decimal(str(value))
        text = format(number.normalize() if kind == "decimal" else number, "f")
        if kind == "decimal" and "." in text and layout.decimal_separator != ".":
            text = text.replace(".", layout.decimal_separator)
        return text
    if kind == "boolean":
        return "Y" if value else "N"
    if kind in ("date", "datetime"):
        moment = datetime.fromisoformat(str(value))
        fmt = column.fmt or _formats(layout, kind)[0]
        return moment.strftime(fmt)
    return str(value)


def _quoting(layout):
    return QUOTING.get(layout.quoting, csv.QUOTE_MINIMAL) if layout.quotechar else csv.QUOTE_NONE


def _write_csv(layout, columns, cells):
    out = io.StringIO()
    writer = csv.writer(
        out,
        delimiter=layout.delimiter,
        quotechar=layout.quotechar or None,
        quoting=_quoting(layout),
        escapechar="\\" if _quoting(layout) == csv.QUOTE_NONE else None,
    )
    if layout.header_rows:
        writer.writerow([c.header or c.path for c in columns])
        for _index in range(layout.header_rows - 1):
            writer.writerow([])
    writer.writerows(cells)
    return out.getvalue()


def _write_fixed(layout, columns, cells, problems):
    width = max(c.position + c.length - 1 for c in columns)
    lines = []
    if layout.header_rows:
        lines.append(_fixed_line(width, [(c, (c.header or c.path)[: c.length]) for c in columns]))
        lines += [""] * (layout.header_rows - 1)
    for number, line in enumerate(cells, layout.header_rows + 1):
        for column, text in zip(columns, line, strict=True):
            if len(text) > column.length:
                problems.append(
                    Problem(
                        f"{text!r} is longer than the {column.length} characters", number, column
                    )
                )
        lines.append(_fixed_line(width, zip(columns, line, strict=True)))
    return "".join(line + "\r\n" for line in lines)


def _fixed_line(width, cells):
    line = [" "] * width
    for column, text in cells:
        numeric = column.kind in ("integer", "decimal")
        text = text[: column.length]
        text = text.rjust(column.length) if numeric else text.ljust(column.length)
        line[column.position - 1 : column.position - 1 + column.length] = text
    return "".join(line).rstrip()
