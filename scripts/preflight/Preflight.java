// PDFBox Preflight (PDF/A-1b, the independent validator Debian ships) over many files in one JVM.
// Prints every error as "file<TAB>code<TAB>details"; errors of rules that only PDF/A-1 has (our files are
// PDF/A-2b) are counted apart, and the exit status is the number of files with any other error (max 100).
//   PDF/A-1-only: 1.4 / 1.0.x xref and object streams (PDF 1.5+, allowed by ISO 19005-2 6.1.4),
//   3.1.11 CIDSet (optional in PDF/A-2, 6.2.11.4.2), 7.11.x pdfaid:part must be 1,
//   2.2.x transparency and soft masks (allowed by ISO 19005-2 6.4).
import java.io.File;
import java.util.*;
import org.apache.pdfbox.preflight.*;
import org.apache.pdfbox.preflight.exception.SyntaxValidationException;
import org.apache.pdfbox.preflight.parser.PreflightParser;

public class Preflight {
  static boolean pdfA1Only(String code, String details) {
    if (code.equals("1.4") && details != null && (details.contains("/XRef") || details.contains("ObjStm") || details.contains("cross reference stream"))) return true;
    if (code.startsWith("1.0") && details != null && (details.contains("XRef") || details.contains("ObjStm") || details.contains("Object stream"))) return true;
    if (code.equals("3.1.11")) return true;
    if (code.startsWith("7.11")) return true;
    if (code.startsWith("2.2")) return true;
    return false;
  }

  public static void main(String[] args) throws Exception {
    int bad = 0, files = 0, setAside = 0;
    Map<String, Integer> asideByCode = new TreeMap<>();
    for (String name : args) {
      files++;
      List<ValidationResult.ValidationError> errors = new ArrayList<>();
      try {
        PreflightParser parser = new PreflightParser(new File(name));
        parser.parse();
        try (PreflightDocument doc = parser.getPreflightDocument()) {
          doc.validate();
          errors.addAll(doc.getResult().getErrorsList());
        }
      } catch (SyntaxValidationException e) {
        errors.addAll(e.getResult().getErrorsList());
      }
      boolean fileBad = false;
      for (ValidationResult.ValidationError e : errors) {
        if (pdfA1Only(e.getErrorCode(), e.getDetails())) { setAside++; asideByCode.merge(e.getErrorCode(), 1, Integer::sum); continue; }
        fileBad = true;
        System.out.println(name + "\t" + e.getErrorCode() + "\t" + e.getDetails());
      }
      if (fileBad) bad++;
    }
    System.out.println("preflight: " + files + " files, " + bad + " with errors, " + setAside + " PDF/A-1-only findings set aside " + asideByCode);
    System.exit(Math.min(bad, 100));
  }
}
