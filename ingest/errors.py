"""The project's exceptions: each carries its input, an English log message and a Vietnamese
one for users."""

from __future__ import annotations

import errno


class ReportsError(Exception):
    """Base for every expected failure. `user_message` is Vietnamese and says what to do."""

    user_message = "Không xử lý được tệp này. Vui lòng kiểm tra lại tệp hoặc liên hệ quản trị viên."

    def __init__(self, detail: str, *, path: str | None = None, user_message: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.path = path
        if user_message is not None:
            self.user_message = user_message

    def __reduce__(self):
        # Errors cross from reader worker processes: keep the detail, path and message (the
        # default pickling would call __init__ with the detail alone and lose the rest).
        return (_restore, (type(self), self.detail, dict(self.__dict__)))


def _restore(cls: type[ReportsError], detail: str, state: dict) -> ReportsError:
    error = cls.__new__(cls)
    Exception.__init__(error, detail)
    error.__dict__.update(state)
    return error


class UnsupportedFormat(ReportsError):
    user_message = (
        "Tệp không phải DOCX, DOC, ODT, RTF, PDF hoặc ảnh quét (đã kiểm tra theo nội dung, không "
        "theo đuôi tệp). "
        "Đề nghị đơn vị gửi lại đúng định dạng."
    )


class EmptyFile(ReportsError):
    user_message = "Tệp rỗng (0 byte hoặc không có nội dung). Đề nghị đơn vị gửi lại tệp báo cáo."


class CorruptFile(ReportsError):
    user_message = "Tệp bị hỏng hoặc không đầy đủ, không mở được. Đề nghị đơn vị gửi lại bản khác."


class EncryptedFile(ReportsError):
    user_message = "Tệp có mật khẩu bảo vệ. Đề nghị đơn vị gửi bản không đặt mật khẩu."


class TooLarge(ReportsError):
    user_message = (
        "Tệp vượt giới hạn cho phép (dung lượng, số trang hoặc dữ liệu giải nén). "
        "Đề nghị đơn vị gửi bản rút gọn hoặc liên hệ quản trị viên để nâng giới hạn."
    )


class ToolMissing(ReportsError):
    """An optional system tool (Tesseract, LibreOffice) is not installed."""

    user_message = "Máy chủ thiếu công cụ cần thiết để đọc loại tệp này."


class Timeout(ReportsError):
    user_message = "Đọc tệp quá thời gian cho phép. Vui lòng thử lại hoặc gửi bản nhẹ hơn."


class ResourceLimit(ReportsError):
    """A reader's worker process went over an OS limit: memory, CPU time or output size."""

    user_message = (
        "Tệp cần nhiều bộ nhớ hoặc thời gian xử lý hơn mức máy chủ cho phép (có thể là tệp có "
        "cấu trúc bất thường). Đề nghị đơn vị xuất lại tệp (PDF hoặc DOCX) và gửi lại, hoặc liên "
        "hệ quản trị viên."
    )


class WorkerCrashed(ReportsError):
    """A reader's worker process ended without an answer (a crash, not a known limit)."""

    user_message = (
        "Tiến trình đọc tệp bị dừng đột ngột (có thể do tệp quá nặng hoặc hỏng). "
        "Vui lòng thử lại hoặc đề nghị đơn vị gửi bản khác."
    )


class WarehouseError(ReportsError):
    user_message = "Lỗi lưu dữ liệu. Không có dữ liệu nào bị ghi dở; vui lòng thử lại."


class DatabaseBusy(WarehouseError):
    user_message = "Cơ sở dữ liệu đang bận (đang nạp báo cáo). Vui lòng thử lại sau ít giây."


# Exit status of a command line stopped by the operating system refusing a read or write
# (sysexits' EX_IOERR): a full disk, no permission, a device gone.
OS_ERROR_EXIT = 74


def os_error_message(e: OSError) -> str:
    """Return the one Vietnamese line a command line prints for a failed read or write."""
    where = f" “{e.filename}”" if e.filename else ""
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"Hết dung lượng đĩa khi ghi{where}: giải phóng bớt dung lượng rồi chạy lại lệnh."
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Không có quyền đọc hoặc ghi{where}: kiểm tra quyền của tệp và thư mục."
    detail = e.strerror or type(e).__name__
    return f"Lỗi đọc hoặc ghi tệp{where} ({detail}): kiểm tra đường dẫn và ổ đĩa rồi chạy lại."
