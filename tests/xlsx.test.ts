// lib/io/xlsx.ts on a minimal workbook built here (a stored ZIP): XML's end-of-line handling inside cells.
import { describe, expect, it } from "vitest";
import { readXlsx } from "../lib/xlsx";

/** A ZIP archive with the given members, stored (method 0); the reader does not check CRCs, so they are 0. */
function storedZip(members: Record<string, string>): Uint8Array {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(members)) {
    const data = Buffer.from(text, "utf8");
    const nameBytes = Buffer.from(name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, data);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const cd = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Object.keys(members).length, 8);
  eocd.writeUInt16LE(Object.keys(members).length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, eocd]));
}

function workbook(sharedStrings: string, sheetCells: string): Uint8Array {
  return storedZip({
    "xl/workbook.xml": `<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    "xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`,
    "xl/sharedStrings.xml": `<sst>${sharedStrings}</sst>`,
    "xl/worksheets/sheet1.xml": `<worksheet><sheetData><row r="1">${sheetCells}</row></sheetData></worksheet>`,
  });
}

describe("xlsx: line breaks inside cells", () => {
  it("CR LF and lone CR in the XML become LF (XML 1.0 §2.11); &#13; stays a CR", () => {
    const book = readXlsx(
      workbook(
        "<si><t>Gross regional product,\r\nper capita</t></si><si><t>a\rb</t></si><si><t>kept&#13;CR</t></si>",
        `<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="inlineStr"><is><t>x\r\ny</t></is></c>`,
      ),
      "test.xlsx",
    );
    expect(book.sheet("S")[0]).toEqual(["Gross regional product,\nper capita", "a\nb", "kept\rCR", "x\ny"]);
  });
});
