"""bb.fetch2: URLs as metadata reads them at parse time (URI, decodeurl, encodeurl), local
paths of file:// URLs through FILESPATH, and AUTOREV. Fetching itself belongs to builds."""
import collections
import os
import re
import urllib.parse


class BBFetchException(Exception):
    def __init__(self, message):
        self.msg = message
        Exception.__init__(self, message)


class FetchError(BBFetchException):
    def __init__(self, message, url=None):
        BBFetchException.__init__(self, "Fetcher failure for URL: '%s'. %s" % (url, message) if url else "Fetcher failure: %s" % message)
        self.url = url


class MalformedUrl(BBFetchException):
    def __init__(self, url, message=""):
        BBFetchException.__init__(self, message or "The URL: '%s' is invalid and cannot be interpreted" % url)
        self.url = url


class ParameterError(BBFetchException):
    pass


class MissingParameterError(BBFetchException):
    pass


class NoMethodError(BBFetchException):
    pass


class UnpackError(BBFetchException):
    pass


class NetworkAccess(BBFetchException):
    pass


def _split_params(text, separator):
    params = collections.OrderedDict()
    for item in text.split(separator):
        if item:
            key, _, value = item.partition("=")
            params[key] = value if "=" in item else None
    return params


class URI:
    """A URL the way BitBake reads SRC_URI entries: `scheme://host/path;param=value?query`,
    with `file://relative/path` and `scheme:relative` meaning relative paths."""
    _relative_schemes = ("file", "git")
    _no_host = ("file",)

    def __init__(self, uri=None):
        self.scheme = ""
        self.userinfo = ""
        self.hostname = ""
        self.port = None
        self._path = ""
        self.params = {}
        self.query = {}
        self.relative = False
        if not uri:
            return
        uri, _, param_str = uri.partition(";")
        parsed = urllib.parse.urlparse(uri)
        self.scheme = parsed.scheme
        reparse = self.scheme not in urllib.parse.uses_netloc
        if reparse:
            urllib.parse.uses_params.append(self.scheme)
        if parsed.scheme in self._no_host:
            uri = re.sub(r"(?<=:)//(?!/)", "", uri, count=1)
            reparse = True
        if reparse:
            parsed = urllib.parse.urlparse(uri)
        if parsed.scheme in self._relative_schemes and re.match(r"^\w+:(?!//)", uri):
            self.relative = True
        if not self.relative:
            self.hostname = parsed.hostname or ""
            self.port = parsed.port
            self.userinfo += parsed.username or ""
            if parsed.password:
                self.userinfo += ":%s" % parsed.password
        self.path = urllib.parse.unquote(parsed.path)
        if param_str:
            self.params = _split_params(param_str, ";")
        if parsed.query:
            self.query = _split_params(parsed.query, "&")

    def __str__(self):
        userinfo = self.userinfo + "@" if self.userinfo else ""
        query = "?" + "&".join(k + "=" + v if v else k for k, v in self.query.items()) if self.query else ""
        params = ";" + ";".join("%s=%s" % (k, v) for k, v in self.params.items()) if self.params else ""
        return "%s:%s%s%s%s%s%s" % (self.scheme, "" if self.relative else "//", userinfo, self.hostport, self.path_quoted, query, params)

    @property
    def hostport(self):
        return "%s:%d" % (self.hostname, self.port) if self.port else self.hostname

    @property
    def path_quoted(self):
        return urllib.parse.quote(self.path)

    @property
    def path(self):
        return self._path

    @path.setter
    def path(self, path):
        self._path = path
        self.relative = bool(path) and not path.startswith("/")

    @property
    def username(self):
        return self.userinfo.split(":", 1)[0] if self.userinfo else ""

    @property
    def password(self):
        return self.userinfo.split(":", 1)[1] if ":" in self.userinfo else ""


def decodeurl(url):
    uri = URI(url)
    return uri.scheme, uri.hostport, uri.path or "/", uri.username, uri.password, uri.params


def encodeurl(decoded):
    """(type, host, path, user, password, params) → URL string."""
    scheme, host, path, user, password, params = decoded
    if not scheme:
        raise MissingParameterError("scheme")
    url = ["%s://" % scheme]
    if user and scheme != "file":
        url.append(user)
        if password:
            url.append(":" + password)
        url.append("@")
    if host and scheme != "file":
        url.append(host)
    if path:
        url.append(urllib.parse.quote(path, safe="/:@+"))
    if params:
        for key in params:
            url.append(";%s=%s" % (key, params[key]))
    return "".join(url)


def mark_recipe_nocache(d):
    if d.getVar("BB_SRCREV_POLICY") != "cache":
        d.setVar("BB_DONT_CACHE", "1")


def get_autorev(d):
    mark_recipe_nocache(d)
    d.setVar("__BBAUTOREV_SEEN", True)
    return "AUTOINC"


def get_srcrev(d, method_name="sortable_revision"):
    raise FetchError("source revisions are resolved when building, not while parsing")


def localpath(url, d):
    return Fetch([url], d).localpath(url)


def get_pkgv_string(d):
    return ""


def fetcher_init(d, servercontext=True):
    pass


class FetchData:
    """One URL of a Fetch, decoded: type, host, path, user, password, parm."""

    def __init__(self, url, d):
        self.url = url
        self.type, self.host, self.path, self.user, self.pswd, self.parm = decodeurl(url)
        self.d = d
        if self.type == "file":
            self.decodedurl = urllib.parse.unquote(url.split("://", 1)[1].split(";")[0])
            self.basepath = self.decodedurl
            self.basename = os.path.basename(self.decodedurl)
        else:
            self.basename = os.path.basename(self.path)
            self.basepath = None


class Fetch:
    """Only what parse-time metadata asks: decoded URLs and where a file:// URL's file is."""

    def __init__(self, urls, d, cache=True, localonly=False, connection_cache=None):
        self.urls = list(urls) if urls else (d.getVar("SRC_URI") or "").split()
        self.d = d
        self.ud = {url: FetchData(url, d) for url in self.urls}

    def localpath(self, url):
        """Where the fetched url would be: FILESPATH for file://, the clone directory for git,
        DL_DIR and the download name for the rest (as BitBake's fetchers name them)."""
        ud = self.ud.get(url) or FetchData(url, self.d)
        d = self.d
        if ud.type == "file":
            path = ud.decodedurl
            if path.startswith("/"):
                return path
            import bb
            found = bb.utils.which(d.getVar("FILESPATH"), path)
            return found or os.path.join(d.getVar("DL_DIR") or "", path)
        if ud.type in ("git", "gitsm"):
            name = "%s%s" % (ud.host.replace(":", "."), ud.path.replace("/", ".").replace("*", ".").replace(" ", "_").replace("(", "_").replace(")", "_"))
            name = name[1:] if name.startswith(".") else name
            if ud.parm.get("rebaseable", "0") in ("1", "true"):
                name += "_" + (d.getVar("SRCREV_%s" % ud.parm.get("name", "default")) or d.getVar("SRCREV") or "")
            return os.path.join(d.getVar("GITDIR") or (d.getVar("DL_DIR") + "/git2"), name)
        if ud.type in ("http", "https", "ftp"):
            local = ud.parm.get("downloadfilename") or os.path.basename(ud.path) or (ud.host + ud.path.replace("/", "."))
            return os.path.join(d.getVar("DL_DIR"), d.expand(urllib.parse.unquote(local)))
        return os.path.join(d.getVar("DL_DIR"), os.path.basename(ud.path))

    def localpaths(self):
        return [self.localpath(url) for url in self.urls]

    def download(self, urls=None):
        raise FetchError("fetching belongs to builds (tck bitbake part 2)")

    unpack = checkstatus = clean = download
